package org.ipcube.common;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Progress lines for the commands that run long (a cube of 20 M rows takes minutes with nothing
 * else to print): while Spark works on a step, one line on stderr every interval with the step,
 * its elapsed time, the Spark jobs and tasks finished in it and the rows read from files and
 * written so far, e.g. {@code progress  marts patent cube  2m 10s: 14 jobs, 388 tasks; 4,211,306
 * rows read, 1,920,113 written}. A step shorter than one interval prints nothing. The step is what
 * the command named with {@link #step} and has not closed yet; a job outside any step (a test's
 * own check after a pipeline, a later command in the same session) is not counted under the last
 * one. Spark's listener bus supplies the counts, so a job running on a cluster's executors is
 * counted the same way.
 */
public final class Progress extends SparkListener {
  /** The Spark local property that carries the step's name to the listener (inherited by a job's threads). */
  static final String STEP = "ipcube.step";

  private static SparkContext installedOn;

  private final long intervalNanos;
  private final PrintStream out;
  private volatile String step = "";
  private volatile long stepStart = System.nanoTime();
  private final AtomicInteger runningJobs = new AtomicInteger();
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();

  Progress(Duration interval, PrintStream out) {
    this.intervalNanos = interval.toNanos();
    this.out = out;
  }

  /**
   * Prints progress of {@code spark}'s work every {@code interval} (nothing when it is zero) until
   * the session stops.
   */
  public static synchronized void install(SparkSession spark, Duration interval) {
    SparkContext sc = spark.sparkContext();
    // Once per SparkContext: a command that borrows a running session (a test's) adds no second printer.
    if (interval.isZero() || sc == installedOn) return;
    installedOn = sc;
    Progress p = new Progress(interval, System.err);
    sc.addSparkListener(p);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ipcube-progress");
      t.setDaemon(true);
      return t;
    });
    long seconds = Math.max(1, interval.toSeconds());
    timer.scheduleAtFixedRate(() -> {
      if (sc.isStopped()) {
        timer.shutdown();
        return;
      }
      String line = p.line(System.nanoTime());
      if (line != null) p.out.println(line);
    }, seconds, seconds, TimeUnit.SECONDS);
  }

  /**
   * Names what {@code spark} does next in this thread ("marts patent cube") until the returned step
   * is closed: the progress lines name it. Closing restores the step it was nested in, if any.
   */
  public static Step step(SparkSession spark, String name) {
    SparkContext sc = spark.sparkContext();
    String outer = sc.getLocalProperty(STEP);
    sc.setLocalProperty(STEP, name);
    return () -> sc.setLocalProperty(STEP, outer);
  }

  /** A named step of a command, open until closed (try-with-resources). */
  public interface Step extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String property = jobStart.properties() == null ? null : jobStart.properties().getProperty(STEP);
    // A job outside any step ends the last one: its time and counts belong to no named step.
    String name = property == null ? "" : property;
    if (!name.equals(step)) {
      step = name;
      stepStart = System.nanoTime();
      jobs.set(0);
      tasks.set(0);
      rowsRead.set(0);
      rowsWritten.set(0);
    }
    runningJobs.incrementAndGet();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    runningJobs.decrementAndGet();
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    tasks.incrementAndGet();
    TaskMetrics m = taskEnd.taskMetrics();
    if (m != null) {
      rowsRead.addAndGet(m.inputMetrics().recordsRead());
      rowsWritten.addAndGet(m.outputMetrics().recordsWritten());
    }
  }

  /** The line to print now, or null while nothing runs or the step is younger than one interval. */
  String line(long now) {
    long elapsed = now - stepStart;
    if (runningJobs.get() <= 0 || step.isEmpty() || elapsed < intervalNanos) return null;
    long s = elapsed / 1_000_000_000L;
    String time = s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : s + "s";
    return String.format("progress  %s  %s: %,d jobs, %,d tasks; %,d rows read, %,d written", step, time, jobs.get(), tasks.get(),
        rowsRead.get(), rowsWritten.get());
  }
}
