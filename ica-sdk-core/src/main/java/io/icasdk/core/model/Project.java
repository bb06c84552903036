package io.icasdk.core.model;

import java.time.Instant;

/**
 * An ICA project.
 *
 * <p>{@code Project p = client.getProject(ProjectId.of("...")); System.out.println(p.name());}
 *
 * @param id project id
 * @param name project name
 * @param urn project URN; may be null
 * @param active false for hidden projects
 * @param region the project's region; may be null
 * @param timeCreated creation time; may be null
 * @param timeModified last modification time; may be null
 */
public record Project(
    ProjectId id,
    String name,
    String urn,
    boolean active,
    Region region,
    Instant timeCreated,
    Instant timeModified) {}
