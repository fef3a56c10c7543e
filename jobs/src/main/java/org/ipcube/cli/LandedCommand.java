package org.ipcube.cli;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ipcube.common.Settings;
import org.ipcube.landing.Deliveries;
import org.ipcube.landing.Feed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ipcube landed --feed F --date D}: has a delivery of feed F for date D finished arriving
 * ({@code <landing>/<feed>/<date>[.<sequence>]/_SUCCESS}, feed SPEC §1)? Exit 0 when it has, exit
 * {@value #NOT_YET} when not yet. It is the nightly DAG's sensor: it reads the landing through
 * Hadoop's FileSystem (a local path, {@code hdfs://} or any other Hadoop file system the jar
 * can reach) and starts no Spark, so a poke costs a JVM start, not a Spark application. Whether the
 * delivery is valid is the ingest's question, not this one's.
 */
@Command(name = "landed", mixinStandardHelpOptions = true,
    description = "Exit 0 when a delivery of --feed for --date has arrived (its _SUCCESS is there), " + LandedCommand.NOT_YET
        + " when not yet (the nightly DAG's sensor; no Spark).")
public final class LandedCommand implements Callable<Integer> {
  /** The exit code for "not there yet": the DAG's sensor pokes again on it and fails on any other non-zero code. */
  public static final int NOT_YET = 6;

  @Mixin CommonOptions common;

  @Option(names = "--feed", required = true, description = "Feed: ${COMPLETION-CANDIDATES}.")
  Feed feed;

  @Option(names = "--date", required = true, description = "Delivery date (YYYY-MM-DD), what the DAG passes as {{ ds }}.")
  LocalDate date;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    Preflight.requireLanding(settings);
    List<String> complete = new ArrayList<>();
    List<String> arriving = new ArrayList<>();
    Path feedDir = new Path(settings.landingRoot(), feed.name());
    FileSystem fs = feedDir.getFileSystem(new Configuration());
    for (FileStatus st : listOrEmpty(fs, feedDir)) {
      var name = Deliveries.FolderName.parse(st.getPath().getName());
      if (!st.isDirectory() || name.isEmpty() || !name.get().date().equals(date)) continue;
      (fs.exists(new Path(st.getPath(), "_SUCCESS")) ? complete : arriving).add(st.getPath().toString());
    }
    if (!complete.isEmpty()) {
      System.out.printf("landed  %s %s: %s%n", feed, date, String.join(", ", complete));
      return 0;
    }
    System.out.printf("landed  %s %s: not yet (%s)%n", feed, date,
        arriving.isEmpty() ? "no folder " + new Path(feedDir, date.toString()) : "still arriving, no _SUCCESS in " + String.join(", ", arriving));
    return NOT_YET;
  }

  private static FileStatus[] listOrEmpty(FileSystem fs, Path dir) throws IOException {
    return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
  }
}
