package io.icasdk.transfer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBuffersTest {
    private static final int KIB = 1024;

    @Test
    void sizesAreRoundedUpToPowersOfTwoFrom64KiB() {
        BodyBuffers buffers = new BodyBuffers(8L << 20);
        assertThat(buffers.take(0)).hasSize(64 * KIB);
        assertThat(buffers.take(1)).hasSize(64 * KIB);
        assertThat(buffers.take(64 * KIB)).hasSize(64 * KIB);
        assertThat(buffers.take(64 * KIB + 1)).hasSize(128 * KIB);
        assertThat(buffers.take(1024 * KIB)).hasSize(1024 * KIB);
        assertThat(buffers.take(1024 * KIB + 1)).as("above 1 MiB: exactly the size").hasSize(1024 * KIB + 1);
    }

    @Test
    void givenBuffersAreReused_bySize_upToTheCap() {
        BodyBuffers buffers = new BodyBuffers(128 * KIB);
        byte[] a = buffers.take(10);
        byte[] b = buffers.take(10);
        byte[] c = buffers.take(10);
        buffers.give(a);
        buffers.give(b);
        buffers.give(c); // over the 128 KiB cap: not kept
        assertThat(buffers.take(100 * KIB)).as("another size class: a new one").hasSize(128 * KIB);
        byte[] first = buffers.take(5);
        byte[] second = buffers.take(5);
        byte[] third = buffers.take(5);
        assertThat(first == a || first == b).as("reused").isTrue();
        assertThat(second == a || second == b).as("reused").isTrue();
        assertThat(second).isNotSameAs(first);
        assertThat(third != a && third != b && third != c).as("a new one: c was not kept").isTrue();
    }

    @Test
    void foreignOrLargeArraysAreNotKept() {
        BodyBuffers buffers = new BodyBuffers(64L << 20);
        byte[] large = buffers.take(3 << 20);
        buffers.give(large);
        byte[] foreign = new byte[100];
        buffers.give(foreign);
        assertThat(buffers.take(3 << 20)).isNotSameAs(large);
        assertThat(buffers.take(100)).isNotSameAs(foreign).hasSize(64 * KIB);
    }
}
