package io.icasdk.core.internal;

import io.icasdk.core.CredentialsRequest;
import io.icasdk.core.CredentialsFormat;
import io.icasdk.core.IcaException;
import io.icasdk.core.Secret;
import io.icasdk.core.model.AwsCredentials;
import io.icasdk.core.model.DataId;
import io.icasdk.core.model.DataStatus;
import io.icasdk.core.model.DataType;
import io.icasdk.core.model.DownloadUrl;
import io.icasdk.core.model.FolderUploadSession;
import io.icasdk.core.model.Project;
import io.icasdk.core.model.ProjectData;
import io.icasdk.core.model.ProjectId;
import io.icasdk.core.model.RcloneCredentials;
import io.icasdk.core.model.Region;
import io.icasdk.core.model.TemporaryCredentials;
import io.icasdk.core.model.UploadSessionStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/** Maps wire DTOs to public models, tolerating missing fields and unknown enum values. */
final class Mapper {
  private Mapper() {}

  static Region region(Wire.Region r) {
    if (r == null) {
      return null;
    }
    return new Region(r.id(), r.code(), r.cityName(), r.country() == null ? null : r.country().code());
  }

  static Project project(Wire.Project p) {
    require(p != null && p.id() != null, "project without an id");
    return new Project(
        new ProjectId(p.id()), p.name(), p.urn(), p.active() == null || p.active(),
        region(p.region()), instant(p.timeCreated()), instant(p.timeModified()));
  }

  static ProjectData projectData(Wire.ProjectData pd, ProjectId fallbackProject) {
    require(pd != null, "empty project data response");
    return data(pd.projectId(), pd.data(), fallbackProject);
  }

  static ProjectData data(String projectId, Wire.Data d, ProjectId fallbackProject) {
    require(d != null && d.id() != null, "data without an id");
    Wire.DataDetails det = d.details();
    ProjectId pid = projectId == null || projectId.isBlank() ? fallbackProject : new ProjectId(projectId);
    if (det == null) {
      return new ProjectData(pid, new DataId(d.id()), d.urn(), null, null, DataType.UNKNOWN,
          DataStatus.UNKNOWN, null, null, null, null, null, null);
    }
    DataType type = enumOf(DataType.class, det.dataType(), DataType.UNKNOWN);
    return new ProjectData(
        pid, new DataId(d.id()), d.urn(), det.name(), det.path(), type,
        enumOf(DataStatus.class, det.status(), DataStatus.UNKNOWN),
        det.fileSizeInBytes(), det.objectETag(), det.format() == null ? null : det.format().code(),
        det.owningProjectId() == null || det.owningProjectId().isBlank()
            ? null : new ProjectId(det.owningProjectId()),
        instant(det.timeCreated()), instant(det.timeModified()));
  }

  static TemporaryCredentials credentials(Wire.TempCredentials c, Instant issuedAt) {
    if (c == null) {
      return null;
    }
    AwsCredentials aws = null;
    if (c.awsTempCredentials() != null) {
      Wire.AwsTempCredentials a = c.awsTempCredentials();
      aws = new AwsCredentials(a.accessKey(), secret(a.secretKey()), secret(a.sessionToken()),
          a.region(), a.bucket(), a.objectPrefix(), a.serverSideEncryptionAlgorithm(),
          a.serverSideEncryptionKey());
    }
    RcloneCredentials rclone = null;
    if (c.rcloneTempCredentials() != null) {
      Wire.RcloneTempCredentials r = c.rcloneTempCredentials();
      rclone = new RcloneCredentials(r.config(), r.filePathPrefix(), r.storageType(),
          instant(r.expirationTime()), r.uploadSessionId());
    }
    if (aws == null && rclone == null) {
      throw new IcaException("ICA returned temporary credentials in neither AWS nor rclone form; "
          + "this SDK version may be too old for the server");
    }
    return new TemporaryCredentials(aws, rclone, issuedAt);
  }

  static FolderUploadSession session(Wire.FolderUploadSession s, Instant issuedAt) {
    require(s != null && s.id() != null, "folder upload session without an id");
    return new FolderUploadSession(
        s.id(), enumOf(UploadSessionStatus.class, s.status(), UploadSessionStatus.UNKNOWN),
        instant(s.timeCreated()), instant(s.timeSessionExpires()), instant(s.timeCompleted()),
        instant(s.timeClosed()), credentials(s.tempCredentials(), issuedAt));
  }

  static DownloadUrl downloadUrl(Wire.DataUrlWithPath u) {
    require(u != null && u.dataId() != null && u.url() != null, "download URL entry without id or url");
    return new DownloadUrl(new DataId(u.dataId()), u.dataUrn(), u.dataPath(), uri(u.url()));
  }

  static URI uri(String s) {
    require(s != null && !s.isBlank(), "missing URL");
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new IcaException("ICA returned a malformed URL; report this to Illumina support", null);
    }
  }

  static Wire.CreateTemporaryCredentials credentialsBody(CredentialsRequest r) {
    if (r == null) {
      return null;
    }
    return new Wire.CreateTemporaryCredentials(
        r.format() == CredentialsFormat.RCLONE ? "RCLONE" : null, r.isReadOnly());
  }

  static <E extends Enum<E>> E enumOf(Class<E> type, String value, E unknown) {
    if (value == null) {
      return unknown;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return unknown;
    }
  }

  static Instant instant(String s) {
    return IsoInstants.parse(s);
  }

  private static Secret secret(String s) {
    return s == null ? null : Secret.of(s);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IcaException("ICA returned an unexpected response (" + what
          + "); this SDK version may not match the server");
    }
  }
}
