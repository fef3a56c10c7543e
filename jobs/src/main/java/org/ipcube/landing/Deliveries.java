package org.ipcube.landing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Finds and validates deliveries in the landing zone (feed SPEC §1): a folder
 * {@code <feed>/<date>[.<sequence>]} counts once {@code _SUCCESS} is there; the highest valid
 * sequence of a date replaces the earlier ones entirely; a delivery whose files do not match its
 * manifest (missing or extra file, sha256, record count, undecompressable) is rejected whole with
 * a message naming the file. File checks run as a Spark job, one task per file, so they scale out.
 */
public final class Deliveries {
  private Deliveries() {}

  /**
   * A delivery folder's name, {@code <date>[.<sequence>]} (SPEC §1: sequence 1 has no suffix). The
   * one place that reads and writes the convention: the scan, the delivery writer and
   * {@code generate}'s continuation all go through it.
   */
  public record FolderName(LocalDate date, int sequence) {
    // Here, not in Deliveries: reading a name must not load the scan's Spark types (generate runs without Spark).
    private static final Pattern PATTERN = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?");

    /** The name parsed, or empty when it is not a delivery folder's name. */
    public static java.util.Optional<FolderName> parse(String name) {
      Matcher m = PATTERN.matcher(name);
      if (!m.matches()) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new FolderName(LocalDate.parse(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2))));
    }

    @Override
    public String toString() {
      return sequence == 1 ? date.toString() : date + "." + sequence;
    }
  }

  /** A delivery accepted for loading. {@code files} are absolute paths in manifest order. */
  public record Delivery(String feed, LocalDate date, int sequence, String folder, Manifest manifest, List<String> files) {
    public long records() {
      return manifest.totalRecords();
    }
  }

  /** Any delivery folder seen, with what became of it. */
  public record Outcome(String feed, LocalDate date, int sequence, String status, long manifestRecords, int fileCount,
      String message) {}

  /**
   * How a feed's files are laid out, for the record count. {@code recordTag}: the XML element that
   * delimits a record, null for line-based feeds. {@code encoding}: when set, every byte is decoded
   * strictly in it (a file in another encoding fails loudly instead of loading mojibake), and
   * {@code header}, when set, must be the file's first line exactly (after a BOM).
   */
  public record Layout(String recordTag, boolean hasHeader, String encoding, String header) implements java.io.Serializable {
    public static Layout xml(String recordTag) {
      return new Layout(recordTag, false, null, null);
    }

    public static Layout csvWithHeader() {
      return new Layout(null, true, null, null);
    }

    public static Layout lines(String encoding) {
      return new Layout(null, false, encoding, null);
    }

    public static Layout csvWithHeader(String encoding, String header) {
      return new Layout(null, true, encoding, header);
    }
  }

  public record Scan(List<Delivery> accepted, List<Outcome> outcomes) {
    public List<Outcome> rejected() {
      return outcomes.stream().filter(o -> o.status().equals("rejected")).toList();
    }
  }

  /**
   * Scans {@code <landingRoot>/<feed>} for delivery dates in [from, to].
   *
   * @param layout how records are counted (and decoded) in the feed's files
   */
  public static Scan scan(SparkSession spark, String landingRoot, String feed, LocalDate from, LocalDate to,
      Layout layout, boolean verifyChecksums) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path feedDir = new Path(landingRoot, feed);
    Map<LocalDate, TreeMap<Integer, Path>> byDate = new TreeMap<>();
    List<Outcome> outcomes = new ArrayList<>();
    try {
      FileSystem fs = feedDir.getFileSystem(conf);
      if (!fs.exists(feedDir)) {
        return new Scan(List.of(), List.of());
      }
      for (FileStatus st : fs.listStatus(feedDir)) {
        if (!st.isDirectory()) continue;
        java.util.Optional<FolderName> name = FolderName.parse(st.getPath().getName());
        if (name.isEmpty()) continue;
        LocalDate date = name.get().date();
        if (date.isBefore(from) || date.isAfter(to)) continue;
        int seq = name.get().sequence();
        if (!fs.exists(new Path(st.getPath(), "_SUCCESS"))) {
          outcomes.add(new Outcome(feed, date, seq, "incomplete", 0, 0, "no _SUCCESS yet: still arriving, not loaded"));
          continue;
        }
        byDate.computeIfAbsent(date, d -> new TreeMap<>()).put(seq, st.getPath());
      }
      List<Candidate> candidates = new ArrayList<>();
      for (Map.Entry<LocalDate, TreeMap<Integer, Path>> e : byDate.entrySet()) {
        for (Map.Entry<Integer, Path> s : e.getValue().entrySet()) {
          candidates.add(candidate(fs, feed, e.getKey(), s.getKey(), s.getValue()));
        }
      }
      Map<String, FileCheck> checks = checkFiles(spark, candidates, layout, verifyChecksums);
      Map<LocalDate, List<Candidate>> perDate = candidates.stream()
          .collect(Collectors.groupingBy(Candidate::date, TreeMap::new, Collectors.toList()));
      List<Delivery> accepted = new ArrayList<>();
      for (Map.Entry<LocalDate, List<Candidate>> e : perDate.entrySet()) {
        List<Candidate> seqs = new ArrayList<>(e.getValue());
        seqs.sort((a, b) -> Integer.compare(b.sequence(), a.sequence()));
        Delivery chosen = null;
        for (Candidate c : seqs) {
          String problem = c.problem() != null ? c.problem() : problem(c, checks);
          long records = c.manifest() == null ? 0 : c.manifest().totalRecords();
          int files = c.manifest() == null ? 0 : c.manifest().files().size();
          if (problem != null) {
            outcomes.add(new Outcome(feed, c.date(), c.sequence(), "rejected", records, files, problem));
          } else if (chosen == null) {
            chosen = new Delivery(feed, c.date(), c.sequence(), c.folder().toString(), c.manifest(),
                c.manifest().files().stream().map(f -> new Path(c.folder(), f.name()).toString()).toList());
            outcomes.add(new Outcome(feed, c.date(), c.sequence(), "loaded", records, files, null));
          } else {
            outcomes.add(new Outcome(feed, c.date(), c.sequence(), "superseded", records, files,
                "replaced by redelivery " + chosen.date() + "." + chosen.sequence()));
          }
        }
        if (chosen != null) accepted.add(chosen);
      }
      return new Scan(List.copyOf(accepted), List.copyOf(outcomes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + feedDir, e);
    }
  }

  private record Candidate(LocalDate date, int sequence, Path folder, Manifest manifest, String problem) {}

  private static Candidate candidate(FileSystem fs, String feed, LocalDate date, int seq, Path folder) throws IOException {
    Path manifestPath = new Path(folder, "_MANIFEST.json");
    if (!fs.exists(manifestPath)) {
      return new Candidate(date, seq, folder, null, folder + ": _SUCCESS without _MANIFEST.json");
    }
    Manifest m;
    try (InputStream in = fs.open(manifestPath)) {
      m = Manifest.parse(in);
    } catch (IOException e) {
      return new Candidate(date, seq, folder, null, manifestPath + " is not the manifest the feed SPEC §1 describes: " + e.getMessage());
    }
    if (m.files() == null || m.files().isEmpty()) {
      return new Candidate(date, seq, folder, m, manifestPath + " lists no files");
    }
    if (!feed.equals(m.feed()) || !date.toString().equals(m.deliveryDate()) || m.sequence() != seq) {
      return new Candidate(date, seq, folder, m, manifestPath + " says feed " + m.feed() + ", date " + m.deliveryDate()
          + ", sequence " + m.sequence() + " but the folder is " + feed + "/" + folder.getName());
    }
    long sum = m.files().stream().mapToLong(Manifest.FileEntry::records).sum();
    if (sum != m.totalRecords()) {
      return new Candidate(date, seq, folder, m, manifestPath + ": total_records " + m.totalRecords()
          + " but the files add up to " + sum);
    }
    Set<String> listed = m.files().stream().map(Manifest.FileEntry::name).collect(Collectors.toSet());
    for (FileStatus st : fs.listStatus(folder)) {
      String name = st.getPath().getName();
      if (name.startsWith("part-") && !listed.contains(name)) {
        return new Candidate(date, seq, folder, m, folder + "/" + name + " is not in the manifest");
      }
    }
    for (String name : listed) {
      if (!fs.exists(new Path(folder, name))) {
        return new Candidate(date, seq, folder, m, folder + "/" + name + " is in the manifest but missing");
      }
    }
    return new Candidate(date, seq, folder, m, null);
  }

  private record FileCheck(String sha256, long records, String error) {}

  private static String problem(Candidate c, Map<String, FileCheck> checks) {
    for (Manifest.FileEntry f : c.manifest().files()) {
      String path = new Path(c.folder(), f.name()).toString();
      FileCheck check = checks.get(path);
      if (check.error() != null) return path + ": " + check.error();
      if (check.sha256() != null && !check.sha256().equalsIgnoreCase(f.sha256())) {
        return path + ": sha256 " + check.sha256() + " does not match the manifest's " + f.sha256();
      }
      if (check.records() != f.records()) {
        return path + ": " + check.records() + " records in the file, " + f.records() + " in the manifest";
      }
    }
    return null;
  }

  private static final StructType CHECK_SCHEMA = new StructType()
      .add("path", DataTypes.StringType).add("sha256", DataTypes.StringType)
      .add("records", DataTypes.LongType).add("error", DataTypes.StringType);

  /** One Spark task per file: sha256 of the bytes, decompression, and a record count, in one pass. */
  private static Map<String, FileCheck> checkFiles(SparkSession spark, List<Candidate> candidates, Layout layout,
      boolean verifyChecksums) {
    List<String> paths = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.problem() != null || c.manifest() == null) continue;
      for (Manifest.FileEntry f : c.manifest().files()) paths.add(new Path(c.folder(), f.name()).toString());
    }
    Map<String, FileCheck> out = new TreeMap<>();
    if (paths.isEmpty()) return out;
    // On a cluster the tasks run in executors, whose plain Hadoop Configuration lacks what the driver's
    // session was given (an object store's endpoint and keys from spark.hadoop.*): they get it here.
    java.util.HashMap<String, String> hadoop = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) hadoop.put(e.getKey(), e.getValue());
    MapFunction<String, Row> check = path -> checkOne(path, layout, verifyChecksums, hadoop);
    List<Row> rows = spark.createDataset(paths, Encoders.STRING())
        .repartition(Math.min(paths.size(), Math.max(1, spark.sparkContext().defaultParallelism() * 2)))
        .map(check, RowEncoder.encoderFor(CHECK_SCHEMA)).collectAsList();
    for (Row r : rows) {
      out.put(r.getString(0), new FileCheck(r.getString(1), r.getLong(2), r.getString(3)));
    }
    return out;
  }

  static Row checkOne(String path, Layout layout, boolean verifyChecksums, Map<String, String> hadoop) {
    Path p = new Path(path);
    try {
      Configuration conf = new Configuration(false);
      hadoop.forEach(conf::set);
      FileSystem fs = p.getFileSystem(conf);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream digest = new DigestInputStream(fs.open(p), sha);
           InputStream data = path.endsWith(".gz") ? new GZIPInputStream(digest, 1 << 16) : digest) {
        long records = layout.recordTag() != null ? countTag(data, ("<" + layout.recordTag()).getBytes())
            : layout.encoding() != null ? countDecodedLines(data, layout)
            : countLines(data, layout.hasHeader());
        // Drain whatever the decompressor left so the digest covers every byte of the file.
        byte[] rest = new byte[8192];
        while (digest.read(rest) >= 0) {
          // digesting the gzip trailer
        }
        return RowFactory.create(path, verifyChecksums ? HexFormat.of().formatHex(sha.digest()) : null, records, null);
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      return RowFactory.create(path, null, -1L, "is not valid " + layout.encoding() + " (" + e + "): a file in another encoding"
          + " would load as mojibake; ask the sender for a " + layout.encoding() + " export");
    } catch (HeaderMismatch e) {
      return RowFactory.create(path, null, -1L, e.getMessage());
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      return RowFactory.create(path, null, -1L, "cannot be decompressed (" + e.getMessage() + ")");
    } catch (IOException e) {
      return RowFactory.create(path, null, -1L, "cannot be read (" + e.getMessage() + ")");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts occurrences of {@code <Tag>} or {@code <Tag ...>} (not {@code <TagOther>}). */
  private static long countTag(InputStream in, byte[] open) throws IOException {
    byte[] buf = new byte[1 << 16];
    long count = 0;
    int matched = 0;
    boolean pending = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (pending) {
          pending = false;
          if (b == '>' || b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/') count++;
        }
        if (b == open[matched]) {
          matched++;
          if (matched == open.length) {
            pending = true;
            matched = 0;
          }
        } else {
          matched = b == open[0] ? 1 : 0;
        }
      }
    }
    return count;
  }

  private static final class HeaderMismatch extends IOException {
    HeaderMismatch(String message) {
      super(message);
    }
  }

  /**
   * Counts non-empty lines of text decoded strictly in the layout's encoding (malformed or
   * unmappable bytes throw), less the header, which must match the layout's exactly.
   */
  private static long countDecodedLines(InputStream in, Layout layout) throws IOException {
    java.nio.charset.CharsetDecoder decoder = java.nio.charset.Charset.forName(layout.encoding()).newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, decoder), 1 << 16);
    long lines = 0;
    String line;
    boolean first = true;
    while ((line = reader.readLine()) != null) {
      if (first) {
        first = false;
        String head = line.startsWith("\uFEFF") ? line.substring(1) : line;
        if (layout.header() != null && !head.strip().equals(layout.header())) {
          throw new HeaderMismatch("first line '" + abbreviate(head) + "' is not the SPEC's header '" + layout.header()
              + "' (decoded as " + layout.encoding() + "; a wrong encoding shows here as mojibake)");
        }
      }
      if (!line.isBlank()) lines++;
    }
    return layout.hasHeader() ? Math.max(0, lines - 1) : lines;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** Counts non-empty lines, less the header. */
  private static long countLines(InputStream in, boolean hasHeader) throws IOException {
    byte[] buf = new byte[1 << 16];
    long lines = 0;
    boolean lineHasContent = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (b == '\n') {
          if (lineHasContent) lines++;
          lineHasContent = false;
        } else if (b != '\r') {
          lineHasContent = true;
        }
      }
    }
    if (lineHasContent) lines++;
    return hasHeader ? Math.max(0, lines - 1) : lines;
  }
}
