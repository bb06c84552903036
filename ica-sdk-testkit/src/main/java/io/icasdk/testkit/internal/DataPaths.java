package io.icasdk.testkit.internal;

/** ICA path rules. */
public final class DataPaths {
    private DataPaths() {}

    public static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name is required");
        }
        if (name.contains("/") || name.equals(".") || name.equals("..")) {
            throw ApiError.badRequest("name '" + name + "' must not contain '/' nor be '.' or '..'");
        }
    }

    public static void checkFolderPath(String path, String field) {
        if (!path.startsWith("/") || !path.endsWith("/")) {
            throw ApiError.badRequest(field + " '" + path + "' must start and end with '/', e.g. /runs/r1/");
        }
        if (path.contains("//") && !path.equals("/")) {
            throw ApiError.badRequest(field + " '" + path + "' must not contain empty segments ('//')");
        }
    }
}
