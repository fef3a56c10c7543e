package org.ipcube.common;

import java.text.Normalizer;

/** Small text helpers shared by the parsers: full-width folding and whitespace removal. */
public final class Text {
  private Text() {}

  /** NFKC folds full-width digits, letters and punctuation (２０２３ → 2023, （ → (). */
  public static String fold(String s) {
    return s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /** Folds and removes all whitespace, including the ideographic space. */
  public static String compact(String s) {
    if (s == null) return null;
    return fold(s).replaceAll("[\\s\\u3000]+", "");
  }

  public static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
