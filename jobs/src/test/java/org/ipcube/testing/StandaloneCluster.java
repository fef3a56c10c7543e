package org.ipcube.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on the loopback interface, for the cluster test: one master and
 * {@code workers} workers, each its own JVM, started from a Spark home assembled from the build's
 * own jars ({@code target/lib}, no download), and jobs submitted through Spark's own entry point
 * ({@code org.apache.spark.deploy.SparkSubmit}) with the project's packaged jar. Executors are JVMs
 * the workers start, so closures are serialised, statics are not shared and driver-side files are
 * not seen, as on a real cluster. {@link #close} kills every process it started and their children
 * (the executors), also when the test failed.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final Path logs;
  private final Path appJar;
  private final String masterUrl;
  private final List<Process> processes = new ArrayList<>();

  /** A submitted application's exit code, what it printed, and its errors and Spark's log. */
  public record Submitted(int code, String output, String errors) {
    /** The last lines of the errors and log, enough to read a failure. */
    public String errorsTail() {
      List<String> lines = errors.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
  }

  private StandaloneCluster(Path home, Path logs, Path appJar, String masterUrl) {
    this.home = home;
    this.logs = logs;
    this.appJar = appJar;
    this.masterUrl = masterUrl;
  }

  /**
   * Assembles the Spark home under {@code work}, starts the master and the workers (one core and
   * {@code workerMemory} each) and waits until every worker has registered.
   */
  public static StandaloneCluster start(Path target, Path work, int workers, String workerMemory) throws IOException {
    Path appJar = target.resolve("ipcube.jar").toAbsolutePath();
    if (!Files.isRegularFile(appJar)) {
      throw new IllegalStateException(appJar + " is missing: the cluster test submits the packaged jar, so it runs after"
          + " `package` (mvn verify runs it at integration-test)");
    }
    Path home = sparkHome(target.resolve("lib").toAbsolutePath(), appJar, work.resolve("spark-home"));
    Path logs = Files.createDirectories(work.resolve("logs"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StandaloneCluster cluster = new StandaloneCluster(home, logs, appJar, "spark://127.0.0.1:" + port);
    try {
      Path masterLog = cluster.launch("master", List.of("-Xmx256m", "-Dspark.master.rest.enabled=false"),
          "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0");
      awaitLine(masterLog, "I have been elected leader");
      List<Path> workerLogs = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        Path dir = Files.createDirectories(work.resolve("worker-" + i));
        workerLogs.add(cluster.launch("worker-" + i, List.of("-Xmx256m"), "org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory, "--work-dir", dir.toString(),
            "--webui-port", "0", cluster.masterUrl));
      }
      for (Path log : workerLogs) awaitLine(log, "Successfully registered with master");
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * {@code spark-submit --master <this cluster> --class org.ipcube.cli.IpcubeCli ipcube.jar <args>}
   * in client mode (the driver is the submitting JVM, as in the README's examples), with the given
   * environment added; waits up to {@code timeout}.
   */
  public Submitted submit(Map<String, String> environment, List<String> driverJvmFlags, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx2g"));
    command.addAll(ChildJvm.SPARK_FLAGS);
    command.addAll(driverJvmFlags);
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
        "--master", masterUrl, "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.executor.memory=1500m",
        "--conf", "spark.executor.cores=1",
        "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", ChildJvm.SPARK_FLAGS),
        "--class", "org.ipcube.cli.IpcubeCli", appJar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    String name = "submit-" + args[0] + "-" + System.nanoTime();
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".log");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process driver = builder.start();
    processes.add(driver);
    if (!driver.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      kill(driver);
      throw new IllegalStateException("ipcube " + args[0] + " on the cluster took longer than " + timeout + "; see " + err);
    }
    return new Submitted(driver.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** How many tasks the executors of each worker report finished (from their logs in the work folders). */
  public List<Long> finishedTasksPerWorker(Path work) throws IOException {
    List<Long> counts = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(work)) {
      for (Path worker : dirs.filter(d -> d.getFileName().toString().startsWith("worker-")).sorted().toList()) {
        long finished = 0;
        try (Stream<Path> files = Files.walk(worker)) {
          for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
            try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
              finished += lines.filter(l -> l.contains("Finished task")).count();
            }
          }
        }
        counts.add(finished);
      }
    }
    return counts;
  }

  @Override
  public void close() {
    for (Process p : processes) kill(p);
    processes.clear();
  }

  private static void kill(Process p) {
    // Executors are the workers' children: kill them first, or they outlive their worker.
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path launch(String name, List<String> jvmFlags, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ChildJvm.java()));
    command.addAll(jvmFlags);
    command.addAll(ChildJvm.SPARK_FLAGS);
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The worker builds each executor's class path from SPARK_HOME/jars; SPARK_SCALA_VERSION saves
    // it looking for a source build's folders, which an assembled home does not have.
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path log = logs.resolve(name + ".log");
    builder.redirectOutput(log.toFile());
    processes.add(builder.start());
    return log;
  }

  /**
   * {@code <work>/jars}: links to every jar of {@code lib} except those the application jar carries
   * shaded (Delta, picocli, config, ...), i.e. what a Spark distribution has and the jar does not.
   */
  private static Path sparkHome(Path lib, Path appJar, Path home) throws IOException {
    Set<String> carried;
    try (JarFile jar = new JarFile(appJar.toFile())) {
      carried = jar.stream().map(e -> e.getName()).collect(Collectors.toSet());
    }
    Path jars = Files.createDirectories(home.resolve("jars"));
    try (Stream<Path> files = Files.list(lib)) {
      for (Path j : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        Path link = jars.resolve(j.getFileName().toString());
        if (!isShadedInto(j, carried) && !Files.exists(link)) Files.createSymbolicLink(link, j);
      }
    }
    return home;
  }

  /** Whether the application jar carries this library: its first class file is in the jar. */
  private static boolean isShadedInto(Path library, Set<String> carried) throws IOException {
    try (JarFile jar = new JarFile(library.toFile())) {
      return jar.stream().map(e -> e.getName())
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.startsWith("META-INF/"))
          .findFirst().map(carried::contains).orElse(false);
    }
  }

  private static void awaitLine(Path log, String text) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try {
      while (Instant.now().isBefore(deadline)) {
        if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) return;
        Thread.sleep(250);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("no '" + text + "' in " + log + " within " + START_TIMEOUT.toSeconds() + " s");
  }
}
