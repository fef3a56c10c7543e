package org.ipcube.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS on the loopback interface for the tests: one name node and one data node, in this
 * JVM (Hadoop's own {@code MiniDFSCluster}), their storage under a folder of the test's. Other JVMs
 * (a local-mode {@code ipcube}, a cluster's driver and executors) reach it at {@link #uri()} like
 * any HDFS. With one data node a block has one replica: the clients are told so
 * ({@link #CLIENT_SETTINGS}), or every write would wait for replicas that cannot be made.
 * {@link #close} stops both nodes.
 */
public final class Hdfs implements AutoCloseable {
  /** The Hadoop client settings a process writing to this HDFS needs, as {@code spark.hadoop.*} keys. */
  public static final java.util.Map<String, String> CLIENT_SETTINGS = java.util.Map.of("spark.hadoop.dfs.replication", "1");

  private final MiniDFSCluster cluster;

  private Hdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts the name node and the data node, storing their data under {@code baseDir}. */
  public static Hdfs start(Path baseDir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    conf.set("dfs.replication", "1");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    return new Hdfs(cluster);
  }

  /** {@code hdfs://127.0.0.1:<port>}: the name node's address, without a trailing slash. */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  /** Copies the local folder {@code local} (recursively) to {@code path} in this HDFS. */
  public void copyIn(Path local, String path) throws IOException {
    fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(uri() + path));
  }

  /** The text of the file at {@code path} in this HDFS. */
  public String readString(String path) throws IOException {
    try (InputStream in = fileSystem().open(new org.apache.hadoop.fs.Path(uri() + path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code text} to the file at {@code path} in this HDFS, replacing it. */
  public void writeString(String path, String text) throws IOException {
    try (var out = fileSystem().create(new org.apache.hadoop.fs.Path(uri() + path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private FileSystem fileSystem() throws IOException {
    return cluster.getFileSystem();
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
