package io.icasdk.testkit.internal;

import io.icasdk.testkit.S3Op;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The blob store one credential sees: refuses keys outside its prefix and writes by read-only
 * credentials (403 AccessDenied), injects S3 faults, and indexes every completed write as project data.
 */
final class ScopedBlobStore extends ForwardingBlobStore {
    /** S3Proxy's own multipart bookkeeping: the upload stub and the stored parts (read back on complete). */
    private static final String MPU_STUB = ".s3proxy-mpu-stub-";
    private static final String MPU_PART = ".mpus-";

    private final String bucket;
    /** Null = the whole bucket (admin). */
    private final String prefix;
    private final boolean readOnly;
    private final String grantKey;
    private final EmulatorState state;
    private final FaultState faults;

    ScopedBlobStore(BlobStore delegate, String bucket, String prefix, boolean readOnly, String grantKey,
            EmulatorState state, FaultState faults) {
        super(delegate);
        this.bucket = bucket;
        this.prefix = prefix;
        this.readOnly = readOnly;
        this.grantKey = grantKey;
        this.state = state;
        this.faults = faults;
    }

    static S3Exception accessDenied() {
        return (S3Exception) S3Exception.builder().statusCode(403).message("Access Denied")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("Access Denied").serviceName("S3").build())
                .build();
    }

    static S3Exception noSuchUpload() {
        return (S3Exception) S3Exception.builder().statusCode(404).message("The specified upload does not exist")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchUpload")
                        .errorMessage("The specified upload does not exist. The upload ID may be invalid, or the"
                                + " upload may have been aborted or completed.").serviceName("S3").build())
                .build();
    }

    /**
     * S3 answers NoSuchUpload for an upload it does not hold (aborted, completed, or removed by a lifecycle
     * rule); S3Proxy would list no parts for it and store new ones, failing only at completion.
     */
    private void checkUpload(MultipartUpload mpu) {
        if (!delegate().blobExists(mpu.containerName(), MPU_STUB + mpu.id())) {
            throw noSuchUpload();
        }
    }

    private static boolean isStub(String key) {
        return key != null && (key.startsWith(MPU_STUB) || key.startsWith(MPU_PART));
    }

    private boolean inScope(String key) {
        return prefix == null || (key != null && key.startsWith(prefix));
    }

    private void checkBucket(String container) {
        if (!bucket.equals(container)) {
            throw accessDenied();
        }
    }

    private void checkRead(String container, String key) {
        checkBucket(container);
        if (!isStub(key) && !inScope(key)) {
            throw accessDenied();
        }
    }

    private void checkWrite(String container, String key) {
        checkRead(container, key);
        if (readOnly) {
            throw accessDenied();
        }
    }

    /**
     * Refuses a file where the project has a folder of the same name, as {@link #nameConflict}: one with no objects
     * below it (emptied, or made through the API) is no folder in the store, which would take the write, but the
     * emulator's index cannot list a file and a folder of one name, and the written file went unlisted.
     */
    private void checkNoFolderOfTheName(String key) {
        if (!key.endsWith("/") && state.isFolder(key + "/")) {
            throw nameConflict(key);
        }
    }

    /** A listing must ask for a prefix inside the credential's own. */
    private void checkList(String container, String listPrefix) {
        checkBucket(container);
        if (!inScope(listPrefix)) {
            throw accessDenied();
        }
    }

    private void checkBucketAdmin() {
        if (prefix != null) {
            throw accessDenied();
        }
    }

    /** The object's bytes with the switched-on S3 faults applied; S3Proxy's own bookkeeping is left alone. */
    private InputStream faulty(String key, InputStream in, S3Op op, Long length) {
        if (isStub(key)) {
            return in;
        }
        InputStream out = in;
        // A body with no bytes (an empty object or part) has none to cut, stall at or flip: those faults wait for
        // the next transfer with bytes.
        boolean withBytes = length == null || length > 0;
        if (withBytes && faults.takeReset(op)) {
            long len = length == null ? 2 : length;
            out = FaultStreams.cutAfter(out, Math.max(1, len / 2));
        }
        boolean getWithBytes = op == S3Op.GET && withBytes;
        Duration stall = getWithBytes ? faults.takeStall() : null;
        if (stall != null) {
            out = FaultStreams.stalledAfter(out, Math.max(1, (length == null ? 2 : length) / 2), stall,
                    faults::countStall);
        }
        if (getWithBytes && faults.takeCorruption()) {
            out = FaultStreams.firstByteFlipped(out, faults::countCorruption);
        }
        if (faults.s3BandwidthBytesPerSecond() > 0) {
            out = FaultStreams.throttled(out, faults::s3BandwidthBytesPerSecond);
        }
        return out;
    }

    private void index(String key) {
        if (isStub(key)) {
            return;
        }
        HeadObjectResponse head = delegate().blobMetadata(bucket, key);
        if (head == null) {
            return;
        }
        state.objectWritten(key, head.contentLength(), unquote(head.eTag()), grantKey, (Duration) null);
    }

    static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }

    // ------------------------------------------------------------------ buckets

    @Override
    public ListBucketsResponse list() {
        checkBucketAdmin();
        return super.list();
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        checkList(request.bucket(), request.prefix());
        return super.list(request);
    }

    @Override
    public ListObjectVersionsResponse listVersions(ListObjectVersionsRequest request) {
        checkList(request.bucket(), request.prefix());
        return super.listVersions(request);
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        checkBucketAdmin();
        return super.createContainer(request);
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        checkBucketAdmin();
        super.setContainerAccess(container, access);
    }

    @Override
    public void clearContainer(ListObjectsV2Request request) {
        checkBucketAdmin();
        super.clearContainer(request);
    }

    @Override
    public void deleteContainer(String container) {
        checkBucketAdmin();
        super.deleteContainer(container);
    }

    @Override
    public void deleteBucket(String container) {
        checkBucketAdmin();
        super.deleteBucket(container);
    }

    @Override
    public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
        checkBucketAdmin();
        return super.putBucketVersioning(request);
    }

    @Override
    public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest request) {
        checkBucketAdmin();
        return super.putBucketEncryption(request);
    }

    @Override
    public DeleteBucketEncryptionResponse deleteBucketEncryption(DeleteBucketEncryptionRequest request) {
        checkBucketAdmin();
        return super.deleteBucketEncryption(request);
    }

    // ------------------------------------------------------------------ objects

    @Override
    public boolean blobExists(String container, String key) {
        checkRead(container, key);
        return super.blobExists(container, key);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        checkRead(request.bucket(), request.key());
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        checkRead(request.bucket(), request.key());
        ResponseInputStream<GetObjectResponse> in = super.getBlob(request);
        if (in == null) {
            return null;
        }
        return new ResponseInputStream<>(in.response(),
                faulty(request.key(), in, S3Op.GET, in.response().contentLength()));
    }

    /**
     * S3 keeps {@code a} beside {@code a/b}; the filesystem store cannot (a file and a folder of one name) and
     * failed with a 500 that clients retried for a minute. This says what happened, with a 400 they do not retry.
     */
    static S3Exception nameConflict(String key) {
        String message = "The ICA emulator stores objects as files, where a file and a folder cannot share a name"
                + " (in S3 and ICA they can): " + key + " clashes with one; use another name";
        return invalidRequest(message);
    }

    /**
     * S3 takes keys of up to 1,024 bytes, whatever their segments; the filesystem store on disk writes each object
     * to a file named after the key's last segment and 37 more characters (a temporary name), which the local file
     * system limits to 255 bytes. It failed with a 500 that clients retried for a minute; this says why, with a 400.
     */
    static S3Exception nameTooLong(String key) {
        String message = "The ICA emulator stores objects as files on disk, whose names this file system limits to"
                + " 255 bytes, and adds 37 characters to a name while it writes it (S3 and ICA take longer names): "
                + key + " has a name too long for it; use a shorter name, or the emulator without --data-dir";
        return invalidRequest(message);
    }

    /** S3's 400 InvalidRequest with this message, which clients do not retry. */
    private static S3Exception invalidRequest(String message) {
        return (S3Exception) S3Exception.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequest").errorMessage(message)
                        .serviceName("S3").build())
                .build();
    }

    /**
     * Runs a write of {@code key}, turning a file/folder name clash of the store (on disk, or in memory: both
     * keep objects as files) into {@link #nameConflict}, and a name too long for the disk into {@link #nameTooLong}.
     */
    private <T> T writing(String container, String key, Supplier<T> write) {
        try {
            return write.get();
        } catch (Exception e) { // the store throws its IOExceptions unchecked: others are passed on as they are
            if (causeSays(e, "File name too long")) {
                throw nameTooLong(key);
            }
            if (isNameClash(e) || underAnObject(container, key)) {
                throw nameConflict(key);
            }
            throw ScopedBlobStore.<RuntimeException>unchecked(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unchecked(Exception e) throws E {
        throw (E) e;
    }

    /** Whether a folder of the key is an object (a file in the store): {@code a/b} under the object {@code a}. */
    private boolean underAnObject(String container, String key) {
        for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
            if (delegate().blobExists(container, key.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameClash(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FileAlreadyExistsException || c instanceof DirectoryNotEmptyException
                    || c instanceof NotDirectoryException) {
                return true;
            }
        }
        return causeSays(e, "Is a directory") || causeSays(e, "Not a directory");
    }

    /** Whether a file system failure in the cause chain gives this reason. */
    private static boolean causeSays(Throwable e, String reason) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof FileSystemException fs && String.valueOf(fs.getReason()).contains(reason)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        checkWrite(request.bucket(), request.key());
        checkNoFolderOfTheName(request.key());
        PutObjectResponse response = writing(request.bucket(), request.key(), () -> super.putBlob(request,
                faulty(request.key(), input, S3Op.PUT, request.contentLength())));
        index(request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        checkRead(request.sourceBucket(), request.sourceKey());
        checkWrite(request.destinationBucket(), request.destinationKey());
        CopyObjectResponse response = writing(request.destinationBucket(), request.destinationKey(),
                () -> super.copyBlob(request));
        index(request.destinationKey());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        checkWrite(request.bucket(), request.key());
        DeleteObjectResponse response = super.removeBlob(request);
        if (!isStub(request.key())) {
            state.objectRemoved(request.key());
        }
        return response;
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        for (ObjectIdentifier id : request.delete().objects()) {
            checkWrite(request.bucket(), id.key());
        }
        DeleteObjectsResponse response = super.removeBlobs(request);
        request.delete().objects().forEach(id -> state.objectRemoved(id.key()));
        return response;
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String key) {
        checkRead(container, key);
        return super.getBlobAccess(container, key);
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String key, String versionId) {
        checkRead(container, key);
        return super.getBlobAccess(container, key, versionId);
    }

    @Override
    public GetObjectAclResponse getBlobAcl(GetObjectAclRequest request) {
        checkRead(request.bucket(), request.key());
        return super.getBlobAcl(request);
    }

    @Override
    public void setBlobAccess(String container, String key, ObjectCannedACL access) {
        checkWrite(container, key);
        super.setBlobAccess(container, key, access);
    }

    @Override
    public void setBlobAccess(String container, String key, ObjectCannedACL access, String versionId) {
        checkWrite(container, key);
        super.setBlobAccess(container, key, access, versionId);
    }

    // ------------------------------------------------------------------ multipart

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        checkWrite(request.bucket(), request.key());
        checkNoFolderOfTheName(request.key());
        return writing(request.bucket(), request.key(), () -> super.initiateMultipartUpload(request));
    }

    @Override
    public void abortMultipartUpload(MultipartUpload mpu) {
        checkWrite(mpu.containerName(), mpu.blobName()); // S3Proxy has removed the stub already
        super.abortMultipartUpload(mpu);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload mpu,
            CompleteMultipartUploadRequest request) {
        checkWrite(mpu.containerName(), mpu.blobName());
        checkUpload(mpu);
        List<Part> held = super.listMultipartUpload(mpu); // their sizes go with the upload
        CompleteMultipartUploadResponse response = writing(mpu.containerName(), mpu.blobName(),
                () -> super.completeMultipartUpload(mpu, request));
        index(mpu.blobName());
        List<CompletedPart> used = request.multipartUpload() == null ? List.of() : request.multipartUpload().parts();
        int first = used.stream().mapToInt(CompletedPart::partNumber).min().orElse(0);
        held.stream().filter(p -> p.partNumber() == first && p.size() != null).findFirst()
                .ifPresent(p -> state.partsWritten(mpu.blobName(), p.size(), used.size()));
        return response;
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload mpu, UploadPartRequest request, InputStream input) {
        checkWrite(mpu.containerName(), mpu.blobName());
        checkUpload(mpu);
        return writing(mpu.containerName(), mpu.blobName(), () -> super.uploadMultipartPart(mpu, request,
                faulty(mpu.blobName(), input, S3Op.PUT, request.contentLength())));
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload mpu) {
        checkRead(mpu.containerName(), mpu.blobName());
        checkUpload(mpu);
        return super.listMultipartUpload(mpu);
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        checkBucket(container);
        return super.listMultipartUploads(container).stream().filter(u -> inScope(u.key())).toList();
    }
}
