package org.ipcube.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;

/**
 * One writer per warehouse. Every command that writes takes the lease file
 * {@code <warehouse-root>/_ipcube_lock.json} (command, host, pid, start time) before Spark starts and
 * removes it when it ends. A second run waits up to {@code ipcube.lock.wait-minutes} and then exits
 * with a message naming the holder, instead of racing the first on the shared tables (the delivery
 * log, the quarantine, the watermarks) and failing with Delta's concurrent-append error. Airflow's
 * one-slot pool stays the first line; this is the second, for runs started by hand or from two
 * schedulers.
 *
 * <p>The lease is created atomically: written under a unique name, then hard-linked to the lock's
 * name, which fails when a lock is there, so nobody ever reads a half-written lease. A lease whose
 * holder is a process of this host that is gone (killed, crashed) is stale and taken over at once;
 * one from another host only after {@code ipcube.lock.stale-after-hours}. The lock is taken when
 * the warehouse root is a local path ({@code file:} or none: the embedded default, a shared POSIX
 * mount), where the lease is hard-linked, or on HDFS ({@code hdfs://}), where it is renamed into
 * place: HDFS renames atomically and refuses to overwrite, which is what the hard link gives
 * locally. An object store ({@code s3a://}, {@code abfs://}) has neither, so a root there gets no
 * lock, and the Airflow pool, which every writing task of the DAGs uses, is the guard.
 */
public final class WarehouseLock implements AutoCloseable {
  public static final String FILE = "_ipcube_lock.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofSeconds(5);

  /** Who holds a lock. */
  public record Holder(String command, String host, long pid, Instant startedAt, String token) {
    String describe() {
      return "`ipcube " + command + "` (pid " + pid + " on host " + host + ", since " + startedAt + ")";
    }
  }

  /**
   * The files of a lock under one root, on a file system where a file can be put in place
   * atomically and only if the name is free (a local hard link, an HDFS rename).
   */
  private interface Leases {
    /** Writes {@code text} to the file {@code name} (a fresh, unique name), creating the root if needed. */
    void write(String name, String text) throws IOException;

    /** The lock file's text, or empty when there is none. */
    Optional<String> read(String name) throws IOException;

    /** Renames {@code from} to {@code to} atomically, only if {@code to} is free; false if {@code from} is gone or {@code to} is taken. */
    boolean moveIfFree(String from, String to) throws IOException;

    void delete(String name) throws IOException;

    /** Where the file is, for messages. */
    String where(String name);
  }

  /** A local (or POSIX-mounted) root: the lease is hard-linked to the lock's name. */
  private record LocalLeases(Path root) implements Leases {
    @Override
    public void write(String name, String text) throws IOException {
      Files.createDirectories(root);
      Files.writeString(root.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> read(String name) throws IOException {
      try {
        return Optional.of(Files.readString(root.resolve(name), StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean moveIfFree(String from, String to) throws IOException {
      Path source = root.resolve(from);
      Path target = root.resolve(to);
      try {
        if (to.equals(FILE)) {
          // Into the lock's name: a POSIX rename would replace a lease taken meanwhile, a hard link
          // fails instead. The source is then a private name (a fresh lease, or one moved aside) nobody else touches.
          Files.createLink(target, source);
          Files.deleteIfExists(source);
        } else {
          // Out of the lock's name to a fresh unique one: nothing to overwrite, and the rename is
          // atomic, so of two runs moving the same lease only one gets it.
          Files.move(source, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return true;
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    public void delete(String name) throws IOException {
      Files.deleteIfExists(root.resolve(name));
    }

    @Override
    public String where(String name) {
      return root.resolve(name).toString();
    }
  }

  /** A root on HDFS: the lease is written aside and renamed to the lock's name, which HDFS refuses when it is taken. */
  private record HdfsLeases(FileContext fc, org.apache.hadoop.fs.Path root) implements Leases {
    @Override
    public void write(String name, String text) throws IOException {
      fc.mkdir(root, null, true);
      try (var out = fc.create(new org.apache.hadoop.fs.Path(root, name), java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public Optional<String> read(String name) throws IOException {
      try (var in = fc.open(new org.apache.hadoop.fs.Path(root, name))) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.FileNotFoundException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean moveIfFree(String from, String to) throws IOException {
      try {
        fc.rename(new org.apache.hadoop.fs.Path(root, from), new org.apache.hadoop.fs.Path(root, to), Options.Rename.NONE);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException | java.io.FileNotFoundException e) {
        return false;
      }
    }

    @Override
    public void delete(String name) throws IOException {
      fc.delete(new org.apache.hadoop.fs.Path(root, name), false);
    }

    @Override
    public String where(String name) {
      return new org.apache.hadoop.fs.Path(root, name).toString();
    }
  }

  private final Leases leases;
  private final String token;

  private WarehouseLock(Leases leases, String token) {
    this.leases = leases;
    this.token = token;
  }

  /**
   * Takes the warehouse's lock for {@code command}, waiting as configured; a warehouse on a file
   * system without an atomic put-if-free (an object store) gets no lock (see the class comment).
   */
  public static WarehouseLock acquire(Settings s, String command) {
    Holder me = new Holder(command, hostName(), ProcessHandle.current().pid(), Instant.now(), UUID.randomUUID().toString());
    return acquire(s.warehouseRoot(), me, Duration.ofMinutes(s.lockWaitMinutes()), Duration.ofHours(s.lockStaleAfterHours()));
  }

  static WarehouseLock acquire(String warehouseRoot, Holder me, Duration wait, Duration staleAfter) {
    Optional<Leases> leases = leases(warehouseRoot);
    return leases.isEmpty() ? new WarehouseLock(null, null) : acquire(leases.get(), warehouseRoot, me, wait, staleAfter);
  }

  private static WarehouseLock acquire(Leases leases, String root, Holder me, Duration wait, Duration staleAfter) {
    Instant deadline = Instant.now().plus(wait);
    boolean told = false;
    try {
      while (true) {
        if (publish(leases, me)) {
          return new WarehouseLock(leases, me.token());
        }
        Optional<Holder> holder = read(leases, FILE);
        if (holder.isEmpty()) {
          continue; // released between our attempt and the read: try again
        }
        Holder h = holder.get();
        Optional<String> stale = staleness(h, staleAfter);
        if (stale.isPresent()) {
          System.err.println("ipcube: taking over the warehouse lock of " + h.describe() + ": " + stale.get() + ".");
          removeIfStill(leases, h);
          continue;
        }
        if (!Instant.now().isBefore(deadline)) {
          throw new IpcubeException("The warehouse " + root + " is in use by " + h.describe() + ".",
              "one writer at a time: two runs writing at once would race on the shared tables (the delivery log, the quarantine, "
                  + "the watermarks).",
              "Wait for that run to end, or let this one wait for it (ipcube.lock.wait-minutes; conf/cluster.conf waits 240). "
                  + "If no such run is alive, delete " + leases.where(FILE) + ".");
        }
        if (!told) {
          System.err.println("ipcube: waiting for the warehouse lock held by " + h.describe() + " ...");
          told = true;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the warehouse lock " + leases.where(FILE) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpcubeException("Interrupted while waiting for the warehouse lock " + leases.where(FILE) + ".",
          "the run was stopped.", "Start it again.");
    }
  }

  /**
   * Writes {@code me}'s lease under a unique name and moves it to the lock's name, which fails when
   * the lock is taken (so nobody ever reads a half-written lease); true if the lock is now ours.
   */
  private static boolean publish(Leases leases, Holder me) throws IOException {
    String lease = FILE + "." + me.token();
    leases.write(lease, json(me));
    boolean taken = leases.moveIfFree(lease, FILE);
    if (!taken) leases.delete(lease);
    return taken;
  }

  /** Removes the lease if it is still ours (a lease taken over as stale is someone else's now). */
  @Override
  public void close() {
    if (leases == null) {
      return;
    }
    try {
      if (read(leases, FILE).map(h -> h.token().equals(token)).orElse(false)) {
        leases.delete(FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the warehouse lock " + leases.where(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Who holds the lock of a warehouse now, if anyone (empty too for a root that gets no lock). */
  public static Optional<Holder> holder(String warehouseRoot) throws IOException {
    Optional<Leases> leases = leases(warehouseRoot);
    return leases.isEmpty() ? Optional.empty() : read(leases.get(), FILE);
  }

  /** Why a lease is abandoned, or empty while its holder may still be running. */
  private static Optional<String> staleness(Holder h, Duration staleAfter) {
    if (h.host().equals(hostName())) {
      return ProcessHandle.of(h.pid()).map(p -> p.isAlive()).orElse(false) ? Optional.empty()
          : Optional.of("that process is no longer running");
    }
    return h.startedAt().plus(staleAfter).isBefore(Instant.now())
        ? Optional.of("taken on another host more than " + staleAfter.toHours() + " hours ago (ipcube.lock.stale-after-hours)")
        : Optional.empty();
  }

  /**
   * Moves a stale lease aside, atomically, so two runs that both judged it stale cannot both take
   * over: only one move succeeds. If what was moved is not the lease judged stale (a fresh one
   * taken in between), it is put back.
   */
  private static void removeIfStill(Leases leases, Holder stale) throws IOException {
    String aside = FILE + ".stale." + UUID.randomUUID();
    if (!leases.moveIfFree(FILE, aside)) {
      return;
    }
    Optional<Holder> moved = read(leases, aside);
    if (moved.isPresent() && !moved.get().token().equals(stale.token())) {
      // If someone took the lock meanwhile, the lease we moved lost it, as a stale one would.
      leases.moveIfFree(aside, FILE);
    }
    leases.delete(aside);
  }

  private static Optional<Holder> read(Leases leases, String name) throws IOException {
    Optional<String> text = leases.read(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = JSON.readTree(text.get());
    return Optional.of(new Holder(n.path("command").asText(), n.path("host").asText(), n.path("pid").asLong(),
        Instant.parse(n.path("started_at").asText()), n.path("token").asText()));
  }

  static String json(Holder h) {
    ObjectNode n = JSON.createObjectNode();
    n.put("command", h.command());
    n.put("host", h.host());
    n.put("pid", h.pid());
    n.put("started_at", h.startedAt().toString());
    n.put("token", h.token());
    return n.toPrettyString() + "\n";
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
    }
  }

  /** The lock's files under a warehouse root: local and HDFS roots have them, object stores not. */
  private static Optional<Leases> leases(String warehouseRoot) {
    Optional<Path> local = localRoot(warehouseRoot);
    if (local.isPresent()) {
      return Optional.of(new LocalLeases(local.get()));
    }
    java.net.URI uri = java.net.URI.create(warehouseRoot);
    if (!"hdfs".equals(uri.getScheme())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new HdfsLeases(FileContext.getFileContext(uri, new Configuration()), new org.apache.hadoop.fs.Path(uri)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the warehouse root " + warehouseRoot + " for its lock: " + e.getMessage(), e);
    }
  }

  /** The warehouse root as a local path, or empty for a remote file system (hdfs://, s3a://, ...). */
  static Optional<Path> localRoot(String warehouseRoot) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(warehouseRoot);
    } catch (java.net.URISyntaxException e) {
      return Optional.of(Path.of(warehouseRoot));
    }
    if (uri.getScheme() == null) {
      return Optional.of(Path.of(warehouseRoot));
    }
    return uri.getScheme().equals("file") ? Optional.of(Path.of(uri.getPath())) : Optional.empty();
  }
}
