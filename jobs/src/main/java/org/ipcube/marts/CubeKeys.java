package org.ipcube.marts;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;

/** Key-list helpers the cube parts share (column arrays from names). */
final class CubeKeys {
  private CubeKeys() {}

  /** {@code head} then {@code tail}. */
  static Column[] append(Column[] head, Column... tail) {
    Column[] out = new Column[head.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  /** The columns named {@code first} then {@code rest}. */
  static Column[] columns(String first, String[] rest) {
    Column[] out = new Column[rest.length + 1];
    out[0] = col(first);
    for (int i = 0; i < rest.length; i++) out[i + 1] = col(rest[i]);
    return out;
  }

  /** {@code a} then {@code b}. */
  static String[] join(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code first} then {@code rest}. */
  static String[] prepend(String first, String[] rest) {
    return join(new String[] {first}, rest);
  }

  /** {@code keys} then {@code last}, as the Scala sequence a join on column names takes. */
  static scala.collection.immutable.Seq<String> seq(String[] keys, String last) {
    String[] all = join(keys, new String[] {last});
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(all)).toList();
  }
}
