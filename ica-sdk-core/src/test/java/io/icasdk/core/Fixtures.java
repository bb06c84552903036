package io.icasdk.core;

/** Realistic ICA responses (field names from the OpenAPI spec, plus fields/values this SDK does not know). */
final class Fixtures {
  static final String PROJECT_ID = "11111111-2222-3333-4444-555555555555";
  static final String FILE_ID = "fil.0123456789abcdef0123456789abcdef";
  static final String FOLDER_ID = "fol.fedcba9876543210fedcba9876543210";

  private Fixtures() {}

  static String data(String id, String path, String type, String status) {
    String name = path.endsWith("/")
        ? path.substring(path.lastIndexOf('/', path.length() - 2) + 1, path.length() - 1)
        : path.substring(path.lastIndexOf('/') + 1);
    String size = type.equals("FILE") ? "\"fileSizeInBytes\": 123456789," : "";
    return """
        {"id": "%s", "urn": "urn:ilmn:ica:region:c39b1feb:data:%s#%s",
         "details": {"timeCreated": "2025-01-30T08:30:00Z", "timeModified": "2025-01-30T08:35:00.123+01:00",
           "creatorId": "99999999-2222-3333-4444-555555555555", "tenantId": "t-1", "tenantName": "acme",
           "owningProjectId": "%s", "owningProjectName": "demo", "name": "%s", "path": "%s", %s
           "status": "%s", "dataType": "%s", "objectETag": "d41d8cd98f00b204e9800998ecf8427e",
           "tags": {"technicalTags": [], "userTags": ["x"], "connectorTags": [], "runInTags": [],
                    "runOutTags": [], "referenceTags": []},
           "format": {"id": "f1", "timeCreated": "2020-01-01T00:00:00Z", "code": "FASTQ", "mimeType": "text/plain"},
           "region": {"id": "r1", "code": "US", "cityName": "Virginia", "country": {"code": "US", "name": "USA"}},
           "willBeArchivedAt": null, "willBeDeletedAt": null, "brandNewField": {"nested": [1, 2, 3]}},
         "folderDetails": null, "anotherNewField": "ignored"}
        """.formatted(id, id, path, PROJECT_ID, name, path, size, status, type);
  }

  static String projectData(String id, String path, String type, String status) {
    return "{\"projectId\": \"" + PROJECT_ID + "\", \"data\": " + data(id, path, type, status)
        + ", \"unknownTopLevel\": true}";
  }

  static String file(String path) {
    return projectData(FILE_ID, path, "FILE", "AVAILABLE");
  }

  static String page(String nextPageToken, String... items) {
    return "{\"items\": [" + String.join(",", items) + "], \"nextPageToken\": "
        + (nextPageToken == null ? "null" : "\"" + nextPageToken + "\"")
        + ", \"remainingRecords\": 0, \"totalItemCount\": null}";
  }

  static String project(String id, String name) {
    return """
        {"id": "%s", "urn": "urn:ilmn:ica:project:%s#%s", "name": "%s", "active": true,
         "billingMode": "PROJECT", "ownerId": "o1", "tenantId": "t1", "tags": {"technicalTags": [], "userTags": []},
         "region": {"id": "c39b1feb-3e94-4440-805e-45e0c76462bf", "code": "US", "cityName": "Virginia",
                    "country": {"id": "c1", "code": "US", "name": "United States", "region": "Americas"},
                    "ownerId": "o", "tenantId": "t", "timeCreated": "2020-01-01T00:00:00Z", "timeModified": "2020-01-01T00:00:00Z"},
         "timeCreated": "2024-05-01T10:00:00Z", "timeModified": "2024-05-02T10:00:00Z",
         "storageBundle": {"id": "sb", "bundleName": "x"}, "analysisPriority": "MEDIUM", "futureThing": 42}
        """.formatted(id, id, name, name);
  }

  static String awsCredentials(String secretKey, String sessionToken) {
    return """
        {"awsTempCredentials": {"accessKey": "ASIAEXAMPLE", "secretKey": "%s", "sessionToken": "%s",
          "region": "us-east-1", "bucket": "stratus-gds-use1", "objectPrefix": "p1/runs/r1/",
          "serverSideEncryptionAlgorithm": "AES256", "serverSideEncryptionKey": null, "newField": 1}}
        """.formatted(secretKey, sessionToken);
  }

  static String rcloneCredentials(String secretKey) {
    return """
        {"rcloneTempCredentials": {"config": {"type": "s3", "provider": "AWS", "access_key_id": "ASIAEXAMPLE",
          "secret_access_key": "%s", "session_token": "tok-%s", "region": "us-east-1",
          "server_side_encryption": "AES256", "no_check_bucket": "true"},
          "filePathPrefix": "stratus-gds-use1/p1/runs/r1/s1.fastq.gz", "storageType": "s3",
          "expirationTime": "2026-01-01T00:00:00Z", "uploadSessionId": null}}
        """.formatted(secretKey, secretKey);
  }

  static String session(String id, String status, String credentialsJson) {
    return """
        {"id": "%s", "status": "%s", "timeCreated": "2025-01-30T08:30:00Z",
         "timeSessionExpires": "2025-02-01T08:30:00Z", "timeCompleted": null, "timeClosed": null,
         "tempCredentials": %s, "extra": "x"}
        """.formatted(id, status, credentialsJson == null ? "null" : credentialsJson);
  }

  static String problem(int status, String code, String detail) {
    return """
        {"id": "0b7a7c1e-1111-2222-3333-444455556666", "type": "about:blank", "title": "%s", "status": %d,
         "detail": "%s", "instance": "http://ica.illumina.com/ica/rest/api/projects/x",
         "parameters": {}, "timestamp": "2024-08-23T02:33:25Z", "method": "POST"}
        """.formatted(code, status, detail);
  }
}
