package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.ipcube.testing.Hdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per warehouse: a second run is refused with the holder named; stale leases are taken
 * over. The same scenarios on a local path and on a real HDFS (name node and data node on loopback).
 */
class TestWarehouseLock {
  private static WarehouseLock.Holder holder(String command, String host, long pid, Instant startedAt) {
    return new WarehouseLock.Holder(command, host, pid, startedAt, java.util.UUID.randomUUID().toString());
  }

  private static WarehouseLock.Holder me(String command) {
    return holder(command, WarehouseLock.hostName(), ProcessHandle.current().pid(), Instant.now());
  }

  /** The scenarios, on a warehouse root given by the nested class. */
  abstract static class Scenarios {
    /** The warehouse root, as a user gives it. */
    abstract String root();

    /** Writes a lease by hand, as another run would have left it. */
    abstract void leaveLease(String json) throws IOException;

    private WarehouseLock take(WarehouseLock.Holder who) {
      return WarehouseLock.acquire(root(), who, Duration.ZERO, Duration.ofHours(24));
    }

    @Test
    void aSecondWriterIsRefusedWithTheHolderNamedAndGetsTheLockOnceItIsReleased() throws Exception {
      WarehouseLock.Holder nightly = me("nightly");
      try (WarehouseLock first = take(nightly)) {
        assertThat(WarehouseLock.holder(root())).contains(nightly);
        assertThatThrownBy(() -> take(me("clean")))
            .isInstanceOf(IpcubeException.class)
            .hasMessageContaining("is in use by `ipcube nightly` (pid " + nightly.pid() + " on host " + nightly.host())
            .hasMessageContaining("delete " + root() + "/" + WarehouseLock.FILE);
      }
      assertThat(WarehouseLock.holder(root())).isEmpty();
      try (WarehouseLock second = take(me("clean"))) {
        assertThat(WarehouseLock.holder(root()).orElseThrow().command()).isEqualTo("clean");
      }
      assertThat(WarehouseLock.holder(root())).isEmpty();
    }

    @Test
    void aLeaseOfAProcessOfThisHostThatIsGoneIsTakenOver() throws Exception {
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      leaveLease(WarehouseLock.json(holder("nightly", WarehouseLock.hostName(), gone.pid(), Instant.now().minusSeconds(60))));
      try (WarehouseLock lock = take(me("run"))) {
        assertThat(WarehouseLock.holder(root()).orElseThrow().command()).isEqualTo("run");
      }
    }

    @Test
    void aLeaseFromAnotherHostIsRespectedUntilItIsOlderThanTheStaleLimit() throws Exception {
      leaveLease(WarehouseLock.json(holder("marts", "node-7", 4242, Instant.now().minus(Duration.ofHours(2)))));
      assertThatThrownBy(() -> take(me("nightly"))).hasMessageContaining("`ipcube marts` (pid 4242 on host node-7");

      leaveLease(WarehouseLock.json(holder("marts", "node-7", 4242, Instant.now().minus(Duration.ofHours(25)))));
      try (WarehouseLock lock = take(me("nightly"))) {
        assertThat(WarehouseLock.holder(root()).orElseThrow().host()).isEqualTo(WarehouseLock.hostName());
      }
    }

    @Test
    void releasingNeverRemovesALeaseThatIsNoLongerOurs() throws Exception {
      WarehouseLock mine = take(me("ingest"));
      WarehouseLock.Holder other = holder("clean", "node-2", 7, Instant.now());
      leaveLease(WarehouseLock.json(other)); // taken over meanwhile
      mine.close();
      assertThat(WarehouseLock.holder(root())).contains(other);
    }
  }

  @Nested
  class OnALocalPath extends Scenarios {
    @TempDir Path warehouse;

    @Override
    String root() {
      return warehouse.toString();
    }

    @Override
    void leaveLease(String json) throws IOException {
      Files.writeString(warehouse.resolve(WarehouseLock.FILE), json);
    }
  }

  /** HDFS renames atomically and refuses to overwrite: the lease is renamed into place there. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnHdfs extends Scenarios {
    private Hdfs hdfs;
    private int test;

    @BeforeAll
    void startHdfs(@TempDir Path work) throws IOException {
      hdfs = Hdfs.start(work);
    }

    @AfterAll
    void stopHdfs() {
      hdfs.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void nextWarehouse() {
      test++;
    }

    @Override
    String root() {
      return hdfs.uri() + "/warehouse-" + test;
    }

    @Override
    void leaveLease(String json) throws IOException {
      hdfs.writeString("/warehouse-" + test + "/" + WarehouseLock.FILE, json);
    }
  }

  @Test
  void localAndHdfsRootsAreLockedAndObjectStoresAreNot() throws IOException {
    assertThat(WarehouseLock.localRoot("data/warehouse")).contains(Path.of("data/warehouse"));
    assertThat(WarehouseLock.localRoot("file:/srv/wh")).contains(Path.of("/srv/wh"));
    assertThat(WarehouseLock.localRoot("s3a://bucket/wh")).isEmpty();
    assertThat(WarehouseLock.localRoot("hdfs://nn/wh")).isEmpty();
    // An object store has no atomic put-if-free: no lock, and nobody is named as holding one.
    try (WarehouseLock none = WarehouseLock.acquire("s3a://bucket/wh", me("run"), Duration.ZERO, Duration.ofHours(24))) {
      assertThat(WarehouseLock.holder("s3a://bucket/wh")).isEmpty();
    }
  }
}
