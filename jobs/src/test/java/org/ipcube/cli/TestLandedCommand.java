package org.ipcube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcube.testing.Hdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipcube landed}, the nightly DAG's sensor: exit 0 once a delivery of the feed for the date
 * has its {@code _SUCCESS} (a redelivery counts), 6 while not (the DAG pokes again on 6 only), on a
 * local landing and on HDFS. No Spark is started.
 */
class TestLandedCommand {
  @TempDir Path landing;

  private int landed(String root, String feed, String date) {
    return CliRun.of("landed", "--landing", root, "--feed", feed, "--date", date).code();
  }

  @Test
  void aDeliveryIsLandedOnlyOnceItsSuccessMarkerIsThere() throws IOException {
    String root = landing.toString();
    Files.createDirectories(landing.resolve("gi/2024-01-04"));
    Files.createFile(landing.resolve("gi/2024-01-04/_SUCCESS"));
    assertThat(landed(root, "gi", "2024-01-05")).as("no folder for the date").isEqualTo(LandedCommand.NOT_YET).isEqualTo(6);
    Files.createDirectories(landing.resolve("gi/2024-01-05"));
    Files.writeString(landing.resolve("gi/2024-01-05/gi_000.jsonl"), "{}\n");
    assertThat(landed(root, "gi", "2024-01-05")).as("still arriving: no _SUCCESS").isEqualTo(6);
    assertThat(landed(root, "stats", "2024-01-05")).as("a feed that never delivered").isEqualTo(6);
    Files.createFile(landing.resolve("gi/2024-01-05/_SUCCESS"));
    assertThat(landed(root, "gi", "2024-01-05")).isZero();
  }

  @Test
  void aRedeliveryCountsAsLanded() throws IOException {
    Files.createDirectories(landing.resolve("pledge/2024-01-05.2"));
    Files.createFile(landing.resolve("pledge/2024-01-05.2/_SUCCESS"));
    assertThat(landed(landing.toString(), "pledge", "2024-01-05")).isZero();
  }

  @Test
  void anUnknownFeedOrAMissingLandingIsAnErrorNotAWait() {
    assertThat(landed(landing.toString(), "patents", "2024-01-05")).as("not a feed of the registry").isEqualTo(2);
    assertThat(landed(landing.resolve("nowhere").toString(), "gi", "2024-01-05")).as("landing root missing").isEqualTo(2);
  }

  @Test
  void aLandingOnHdfsIsWatchedTheSameWay(@TempDir Path work) throws IOException {
    try (Hdfs hdfs = Hdfs.start(work)) {
      String root = hdfs.uri() + "/ipcube/landing";
      hdfs.writeString("/ipcube/landing/trademark/2024-01-05/trademark_000.csv", "reg_no\n");
      assertThat(landed(root, "trademark", "2024-01-05")).isEqualTo(6);
      hdfs.writeString("/ipcube/landing/trademark/2024-01-05/_SUCCESS", "");
      assertThat(landed(root, "trademark", "2024-01-05")).isZero();
    }
  }
}
