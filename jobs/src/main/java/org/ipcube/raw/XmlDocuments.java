package org.ipcube.raw;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Splits XML delivery files into their record elements before any XML parsing, so that one
 * malformed record is quarantined alone. An XML parser that meets a misspelt end tag cannot find
 * its way back into the document: given a whole file it loses every record after the error. Cut
 * at each record's start tag, a broken record can only spoil its own text.
 *
 * <p>Reads each file once, streaming (files are large: a national week is hundreds of MB of XML),
 * gzip or not by its extension. Output: one row per record element, {@code _path} (the file),
 * {@code _position} (1-based order in the file) and {@code document} (the element's text).
 */
final class XmlDocuments {
  private XmlDocuments() {}

  static final StructType SCHEMA = new StructType()
      .add("_path", DataTypes.StringType, false)
      .add("_position", DataTypes.LongType, false)
      .add("document", DataTypes.StringType, false);

  /** The record elements {@code <recordTag ...>...</recordTag>} of every file, one row each. */
  static Dataset<Row> of(SparkSession spark, List<String> files, String recordTag) {
    SerializableConfiguration conf = new SerializableConfiguration(spark.sessionState().newHadoopConf());
    int slices = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
    var rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, slices)
        .flatMap(file -> split(file, recordTag, conf.value()).iterator());
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** One file's record elements, in order. */
  static List<Row> split(String file, String recordTag, Configuration conf) throws IOException {
    Path path = new Path(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    try (InputStream raw = path.getFileSystem(conf).open(path);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        // Undecodable bytes become U+FFFD, which the record's check below reports: one record is
        // quarantined for them, not the file.
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      return split(reader, file, recordTag);
    }
  }

  static List<Row> split(BufferedReader reader, String file, String recordTag) throws IOException {
    // A start tag is the name followed by '>', '/' or white space (so <PatentDocuments> is not one).
    Pattern start = Pattern.compile("<" + Pattern.quote(recordTag) + "(?=[\\s>/])");
    Pattern rootEnd = Pattern.compile("</" + Pattern.quote(recordTag) + "s>\\s*\\z");
    List<Row> out = new ArrayList<>();
    StringBuilder current = null;
    String line;
    while ((line = reader.readLine()) != null) {
      Matcher m = start.matcher(line);
      int from = 0;
      while (m.find()) {
        if (current != null) {
          current.append(line, from, m.start());
          out.add(row(file, out.size() + 1, current, rootEnd));
        }
        current = new StringBuilder();
        from = m.start();
      }
      if (current != null) {
        current.append(line, from, line.length()).append('\n');
      }
    }
    if (current != null) {
      out.add(row(file, out.size() + 1, current, rootEnd));
    }
    return out;
  }

  private static Row row(String file, long position, StringBuilder text, Pattern rootEnd) {
    // The last record runs to the end of the file: the root element's end tag is not its own.
    String document = rootEnd.matcher(text).replaceFirst("").strip();
    return RowFactory.create(file, position, document);
  }

  /**
   * What is wrong with a record that did not parse, as the XML parser words it, with the line and
   * column within the record; or why it is not one record. For the quarantine's reason.
   */
  static String problem(String document) {
    if (document.indexOf('\uFFFD') >= 0) {
      return "bytes that are not valid UTF-8 at line " + lineOf(document, document.indexOf('\uFFFD'));
    }
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader r = factory.createXMLStreamReader(new StringReader(document));
      while (r.hasNext()) {
        r.next();
      }
      return "XML that parses but does not have the SPEC's shape";
    } catch (XMLStreamException e) {
      String message = (e.getMessage() == null ? e.toString() : e.getMessage()).replaceAll("\\s*\\n\\s*", " ");
      // Woodstox ends with "at [row,col {unknown-source}]: [3,17]", the JDK's parser starts with
      // "ParseError at [row,col]:[3,17] Message: ": one line, position said plainly.
      Matcher woodstox = Pattern.compile("^(.*?)\\s*at \\[row,col[^\\]]*\\]: \\[(\\d+),(\\d+)\\]$").matcher(message);
      if (woodstox.matches()) {
        return woodstox.group(1) + " (line " + woodstox.group(2) + ", column " + woodstox.group(3) + " of the record)";
      }
      Matcher jdk = Pattern.compile("^ParseError at \\[row,col\\]:\\[(\\d+),(\\d+)\\] Message: (.*)$").matcher(message);
      return jdk.matches() ? jdk.group(3) + " (line " + jdk.group(1) + ", column " + jdk.group(2) + " of the record)" : message;
    }
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }

  /** For tests and tools: the record elements of an XML text. */
  static List<Row> split(String text, String file, String recordTag) {
    try {
      return split(new BufferedReader(new StringReader(text)), file, recordTag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
