package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per warehouse: a second run is refused with the holder named; stale leases are taken over. */
class TestWarehouseLock {
  @TempDir Path warehouse;

  private static WarehouseLock.Holder holder(String command, String host, long pid, Instant startedAt) {
    return new WarehouseLock.Holder(command, host, pid, startedAt, java.util.UUID.randomUUID().toString());
  }

  private static WarehouseLock.Holder me(String command) {
    return holder(command, WarehouseLock.hostName(), ProcessHandle.current().pid(), Instant.now());
  }

  private WarehouseLock take(WarehouseLock.Holder who) {
    return WarehouseLock.acquire(warehouse, who, Duration.ZERO, Duration.ofHours(24));
  }

  @Test
  void aSecondWriterIsRefusedWithTheHolderNamedAndGetsTheLockOnceItIsReleased() throws Exception {
    WarehouseLock.Holder nightly = me("nightly");
    try (WarehouseLock first = take(nightly)) {
      assertThat(WarehouseLock.holder(warehouse)).contains(nightly);
      assertThatThrownBy(() -> take(me("clean")))
          .isInstanceOf(IpcubeException.class)
          .hasMessageContaining("is in use by `ipcube nightly` (pid " + nightly.pid() + " on host " + nightly.host())
          .hasMessageContaining("delete " + warehouse.resolve(WarehouseLock.FILE));
    }
    assertThat(WarehouseLock.holder(warehouse)).isEmpty();
    try (WarehouseLock second = take(me("clean"))) {
      assertThat(WarehouseLock.holder(warehouse).orElseThrow().command()).isEqualTo("clean");
    }
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatIsGoneIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(warehouse.resolve(WarehouseLock.FILE),
        WarehouseLock.json(holder("nightly", WarehouseLock.hostName(), gone.pid(), Instant.now().minusSeconds(60))));
    try (WarehouseLock lock = take(me("run"))) {
      assertThat(WarehouseLock.holder(warehouse).orElseThrow().command()).isEqualTo("run");
    }
  }

  @Test
  void aLeaseFromAnotherHostIsRespectedUntilItIsOlderThanTheStaleLimit() throws Exception {
    Path file = warehouse.resolve(WarehouseLock.FILE);
    Files.writeString(file, WarehouseLock.json(holder("marts", "node-7", 4242, Instant.now().minus(Duration.ofHours(2)))));
    assertThatThrownBy(() -> take(me("nightly"))).hasMessageContaining("`ipcube marts` (pid 4242 on host node-7");

    Files.writeString(file, WarehouseLock.json(holder("marts", "node-7", 4242, Instant.now().minus(Duration.ofHours(25)))));
    try (WarehouseLock lock = take(me("nightly"))) {
      assertThat(WarehouseLock.holder(warehouse).orElseThrow().host()).isEqualTo(WarehouseLock.hostName());
    }
  }

  @Test
  void releasingNeverRemovesALeaseThatIsNoLongerOurs() throws Exception {
    WarehouseLock mine = take(me("ingest"));
    WarehouseLock.Holder other = holder("clean", "node-2", 7, Instant.now());
    Files.writeString(warehouse.resolve(WarehouseLock.FILE), WarehouseLock.json(other)); // taken over meanwhile
    mine.close();
    assertThat(WarehouseLock.holder(warehouse)).contains(other);
  }

  @Test
  void onlyALocalWarehouseRootIsLocked() {
    assertThat(WarehouseLock.localRoot("data/warehouse")).contains(Path.of("data/warehouse"));
    assertThat(WarehouseLock.localRoot("file:/srv/wh")).contains(Path.of("/srv/wh"));
    assertThat(WarehouseLock.localRoot("s3a://bucket/wh")).isEmpty();
    assertThat(WarehouseLock.localRoot("hdfs://nn/wh")).isEmpty();
  }
}
