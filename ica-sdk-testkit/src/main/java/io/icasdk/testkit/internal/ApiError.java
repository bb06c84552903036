package io.icasdk.testkit.internal;

/** An ICA error answer: HTTP status, ICA code (the Problem title) and a human detail. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiError(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }
    public String detail() { return getMessage(); }

    public static ApiError badRequest(String detail) { return new ApiError(400, "ICA_API_400", detail); }
    public static ApiError notFound(String detail) { return new ApiError(404, "ICA_API_404", detail); }
    public static ApiError conflict(String detail) { return new ApiError(409, "ICA_DATA_105", detail); }
}
