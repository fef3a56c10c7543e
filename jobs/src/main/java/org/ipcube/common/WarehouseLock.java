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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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
 * mount); a root on {@code hdfs://} or an object store ({@code s3a://}, {@code abfs://}) gets no
 * lock yet, and the Airflow pool, which every writing task of the DAGs uses, is the guard there.
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

  private final Path file;
  private final String token;

  private WarehouseLock(Path file, String token) {
    this.file = file;
    this.token = token;
  }

  /**
   * Takes the warehouse's lock for {@code command}, waiting as configured; a warehouse on a file
   * system without atomic create (an object store) gets no lock (see the class comment).
   */
  public static WarehouseLock acquire(Settings s, String command) {
    Optional<Path> root = localRoot(s.warehouseRoot());
    if (root.isEmpty()) {
      return new WarehouseLock(null, null);
    }
    Holder me = new Holder(command, hostName(), ProcessHandle.current().pid(), Instant.now(), UUID.randomUUID().toString());
    return acquire(root.get(), me, Duration.ofMinutes(s.lockWaitMinutes()), Duration.ofHours(s.lockStaleAfterHours()));
  }

  static WarehouseLock acquire(Path root, Holder me, Duration wait, Duration staleAfter) {
    Path file = root.resolve(FILE);
    Instant deadline = Instant.now().plus(wait);
    boolean told = false;
    try {
      Files.createDirectories(root);
      while (true) {
        if (tryCreate(file, me)) {
          return new WarehouseLock(file, me.token());
        }
        Optional<Holder> holder = read(file);
        if (holder.isEmpty()) {
          continue; // released between our attempt and the read: try again
        }
        Holder h = holder.get();
        Optional<String> stale = staleness(h, staleAfter);
        if (stale.isPresent()) {
          System.err.println("ipcube: taking over the warehouse lock of " + h.describe() + ": " + stale.get() + ".");
          removeIfStill(file, h);
          continue;
        }
        if (!Instant.now().isBefore(deadline)) {
          throw new IpcubeException("The warehouse " + root + " is in use by " + h.describe() + ".",
              "one writer at a time: two runs writing at once would race on the shared tables (the delivery log, the quarantine, "
                  + "the watermarks).",
              "Wait for that run to end, or let this one wait for it (ipcube.lock.wait-minutes; conf/cluster.conf waits 240). "
                  + "If no such run is alive, delete " + file + ".");
        }
        if (!told) {
          System.err.println("ipcube: waiting for the warehouse lock held by " + h.describe() + " ...");
          told = true;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the warehouse lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpcubeException("Interrupted while waiting for the warehouse lock " + file + ".", "the run was stopped.",
          "Start it again.");
    }
  }

  /** Removes the lease if it is still ours (a lease taken over as stale is someone else's now). */
  @Override
  public void close() {
    if (file == null) {
      return;
    }
    try {
      if (read(file).map(h -> h.token().equals(token)).orElse(false)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the warehouse lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Who holds the lock of a warehouse now, if anyone. */
  public static Optional<Holder> holder(Path root) throws IOException {
    return read(root.resolve(FILE));
  }

  private static boolean tryCreate(Path file, Holder me) throws IOException {
    Path lease = file.resolveSibling(FILE + "." + me.token());
    Files.writeString(lease, json(me), StandardCharsets.UTF_8);
    try {
      Files.createLink(file, lease);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(lease);
    }
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
  private static void removeIfStill(Path file, Holder stale) throws IOException {
    Path aside = file.resolveSibling(FILE + ".stale." + UUID.randomUUID());
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    }
    Optional<Holder> moved = read(aside);
    if (moved.isPresent() && !moved.get().token().equals(stale.token())) {
      try {
        Files.createLink(file, aside);
      } catch (FileAlreadyExistsException e) {
        // Someone took the lock meanwhile; the lease we moved lost it, as a stale one would.
      }
    }
    Files.deleteIfExists(aside);
  }

  private static Optional<Holder> read(Path file) throws IOException {
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return Optional.of(new Holder(n.path("command").asText(), n.path("host").asText(), n.path("pid").asLong(),
          Instant.parse(n.path("started_at").asText()), n.path("token").asText()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
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
