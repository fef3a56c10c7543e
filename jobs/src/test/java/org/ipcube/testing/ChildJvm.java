package org.ipcube.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** What a test needs to start another JVM that runs Spark: this JVM's java binary and Spark's JVM flags. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The flags Spark needs on Java 17 ({@code --add-opens} and two properties), as this test JVM was given them. */
  public static final List<String> SPARK_FLAGS = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
      .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio.netty")).toList();

  /** The java binary of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
