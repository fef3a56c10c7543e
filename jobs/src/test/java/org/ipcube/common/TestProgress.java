package org.ipcube.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.ipcube.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The progress line of a long step, from Spark's own listener events on a real write and read. */
class TestProgress extends SparkTestBase {

  /** A job of {@code step} starting now, as Spark's scheduler announces it. */
  private static SparkListenerJobStart jobStart(String step) {
    Properties p = new Properties();
    p.setProperty(Progress.STEP, step);
    return new SparkListenerJobStart(999, 0L, scala.collection.immutable.List$.MODULE$.empty(), p);
  }

  @Test
  void aStepLongerThanTheIntervalPrintsItsElapsedTimeJobsTasksAndRows() throws Exception {
    Progress progress = new Progress(Duration.ofSeconds(10), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    spark().sparkContext().addSparkListener(progress);
    try {
      String dir = tempDir("progress").resolve("numbers").toString();
      try (Progress.Step step = Progress.step(spark(), "marts test cube")) {
        spark().range(0, 5000, 1, 4).write().parquet(dir);
        assertThat(spark().read().parquet(dir).filter("id % 2 = 0").count()).isEqualTo(2500);
        spark().sparkContext().listenerBus().waitUntilEmpty();
      }
      assertThat(progress.line(System.nanoTime() + Duration.ofMinutes(5).toNanos())).as("no job runs: nothing to say").isNull();

      // Rows read: the range's 5,000 (Spark counts a generated range as read) and the file's 5,000.
      progress.onJobStart(jobStart("marts test cube")); // a further job of the same step is running
      assertThat(progress.line(System.nanoTime())).as("the step is younger than the interval").isNull();
      assertThat(progress.line(System.nanoTime() + Duration.ofSeconds(75).toNanos()))
          .matches("progress  marts test cube  1m \\d+s: [1-9]\\d* jobs, [1-9]\\d* tasks; 10,000 rows read, 5,000 written");

      progress.onJobStart(jobStart("marts next cube"));
      assertThat(progress.line(System.nanoTime() + Duration.ofSeconds(12).toNanos()))
          .as("a new step starts its own count").isEqualTo("progress  marts next cube  12s: 0 jobs, 0 tasks; 0 rows read, 0 written");
    } finally {
      spark().sparkContext().removeSparkListener(progress);
      spark().sparkContext().setLocalProperty(Progress.STEP, null);
    }
  }

  @Test
  void aJobAfterItsStepClosedIsNotCountedUnderThatStep() throws Exception {
    Progress progress = new Progress(Duration.ofSeconds(10), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    spark().sparkContext().addSparkListener(progress);
    try {
      try (Progress.Step outer = Progress.step(spark(), "marts load quality")) {
        try (Progress.Step inner = Progress.step(spark(), "marts inner step")) {
          assertThat(spark().sparkContext().getLocalProperty(Progress.STEP)).isEqualTo("marts inner step");
        }
        assertThat(spark().sparkContext().getLocalProperty(Progress.STEP)).as("closing restores the outer step")
            .isEqualTo("marts load quality");
        assertThat(spark().range(0, 10, 1, 1).count()).isEqualTo(10);
      }
      assertThat(spark().sparkContext().getLocalProperty(Progress.STEP)).isNull();
      // A slow job outside any step (a test's own check after a pipeline): no line names the closed step.
      assertThat(spark().range(0, 10, 1, 1).count()).isEqualTo(10);
      spark().sparkContext().listenerBus().waitUntilEmpty();
      progress.onJobStart(new SparkListenerJobStart(998, 0L, scala.collection.immutable.List$.MODULE$.empty(), new Properties()));
      assertThat(progress.line(System.nanoTime() + Duration.ofMinutes(5).toNanos())).isNull();
    } finally {
      spark().sparkContext().removeSparkListener(progress);
    }
  }
}
