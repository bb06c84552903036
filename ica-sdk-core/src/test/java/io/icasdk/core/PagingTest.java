package io.icasdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icasdk.core.model.ProjectData;
import java.util.Iterator;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Cursor paging: pageToken follows nextPageToken, and pages are fetched only as they are consumed. */
class PagingTest extends WireTestSupport {

  private static String file(int i) {
    return Fixtures.projectData("fil." + i, "/d/f" + i + ".txt", "FILE", "AVAILABLE");
  }

  @Test
  void list_followsNextPageTokenAcrossPages_untilItIsNull() throws Exception {
    enqueue(200, Fixtures.page("tok/1+=", file(1), file(2)));
    enqueue(200, Fixtures.page("tok2", file(3)));
    enqueue(200, Fixtures.page(null, file(4)));

    List<ProjectData> all = data().list(r -> r.parentFolderPath("/d/").pageSize(2)).stream().toList();

    assertThat(all).extracting(ProjectData::name).containsExactly("f1.txt", "f2.txt", "f3.txt", "f4.txt");
    RecordedRequest p1 = take();
    RecordedRequest p2 = take();
    RecordedRequest p3 = take();
    assertThat(p1.getUrl().queryParameter("pageToken")).isNull();
    assertThat(p1.getUrl().queryParameter("pageSize")).isEqualTo("2");
    assertThat(p2.getUrl().queryParameter("pageToken")).isEqualTo("tok/1+=");
    assertThat(p2.getUrl().encodedQuery()).contains("pageToken=tok/1%2B%3D");
    assertThat(p2.getUrl().queryParameter("parentFolderPath")).isEqualTo("/d/");
    assertThat(p3.getUrl().queryParameter("pageToken")).isEqualTo("tok2");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void list_stopsOnEmptyNextPageToken_andSkipsEmptyMiddlePages() throws Exception {
    enqueue(200, Fixtures.page("t1"));
    enqueue(200, Fixtures.page("", file(1)));
    assertThat(data().list(r -> { }).stream().toList()).hasSize(1);
    take();
    take();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void list_isLazy_nothingIsFetchedUntilIterated_andOnlyConsumedPagesAreFetched() throws Exception {
    enqueue(200, Fixtures.page("t1", file(1), file(2)));
    enqueue(200, Fixtures.page("t2", file(3), file(4)));
    enqueue(200, Fixtures.page(null, file(5)));

    PagedIterable<ProjectData> listing = data().list(r -> r.pageSize(2));
    assertThat(server.getRequestCount()).as("building the iterable sends nothing").isZero();

    Iterator<ProjectData> it = listing.iterator();
    assertThat(server.getRequestCount()).as("creating the iterator sends nothing").isZero();
    it.next();
    it.next();
    assertThat(server.getRequestCount()).as("two items consumed: one page").isEqualTo(1);
    it.next();
    assertThat(server.getRequestCount()).as("third item: second page").isEqualTo(2);
    take();
    take();
  }

  @Test
  void stream_findFirst_fetchesOnePage() throws Exception {
    enqueue(200, Fixtures.page("t1", file(1), file(2)));
    enqueue(200, Fixtures.page(null, file(3)));
    assertThat(data().listFolder("/d/").stream().findFirst()).isPresent();
    take();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void eachIterationStartsFromTheFirstPage() throws Exception {
    enqueue(200, Fixtures.page(null, file(1)));
    enqueue(200, Fixtures.page(null, file(1)));
    PagedIterable<ProjectData> listing = data().listFolder("/d/");
    assertThat(listing.stream().count()).isEqualTo(1);
    assertThat(listing.stream().count()).isEqualTo(1);
    assertThat(take().getUrl().queryParameter("pageToken")).isNull();
    assertThat(take().getUrl().queryParameter("pageToken")).isNull();
  }

  @Test
  void repeatedPageToken_stopsWithAClearErrorInsteadOfLoopingForever() throws Exception {
    enqueue(200, Fixtures.page("same", file(1)));
    enqueue(200, Fixtures.page("same", file(2)));
    assertThatThrownBy(() -> data().listFolder("/d/").stream().toList())
        .isInstanceOf(IcaException.class).hasMessageContaining("same page token");
    take();
    take();
  }

  @Test
  void listProjects_pagesToo() throws Exception {
    enqueue(200, Fixtures.page("p2", Fixtures.project("11111111-2222-3333-4444-000000000001", "a")));
    enqueue(200, Fixtures.page(null, Fixtures.project("11111111-2222-3333-4444-000000000002", "b")));
    assertThat(client().listProjects().stream().map(p -> p.name()).toList()).containsExactly("a", "b");
    assertThat(take().getUrl().encodedQuery()).isEqualTo("pageSize=1000");
    assertThat(take().getUrl().encodedQuery()).isEqualTo("pageSize=1000&pageToken=p2");
  }
}
