package org.ipcube.cleaned.patents;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipcube.common.Text;

/**
 * CNIPA application numbers (feed SPEC §2). Since 2003-10-01: {@code YYYY} + type digit + 7-digit
 * serial + {@code .} + check character; before: {@code YY} + type digit + 5-digit serial + check.
 * Check character: weighted sum of the digits (2,3,4,5,6,7,8,9,2,3,4,5 or 2..9) mod 11, 10 = X.
 *
 * <p>Formatting dirt (CN/ZL prefixes, missing dot, lower-case x, full-width digits, spaces) is
 * repaired and recorded; a wrong check character cannot be repaired (which digit is wrong?) and
 * is a rejection with the expected character in the reason.
 */
public final class ApplicationNumbers {
  private ApplicationNumbers() {}

  /** The outcome of normalising one raw number: either {@code normalized} or {@code rejection} is set. */
  public record Parsed(String normalized, String typeDigit, List<String> repairs, String rejection) implements Serializable {
    public boolean isValid() {
      return rejection == null;
    }
  }

  private static final Pattern MODERN = Pattern.compile("(\\d{12})\\.?([0-9X])");
  private static final Pattern LEGACY = Pattern.compile("(\\d{8})\\.?([0-9X])");
  private static final int[] MODERN_WEIGHTS = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
  private static final int[] LEGACY_WEIGHTS = {2, 3, 4, 5, 6, 7, 8, 9};

  public static Parsed parse(String raw) {
    if (Text.isBlank(raw)) {
      return new Parsed(null, null, List.of(), "missing application number");
    }
    List<String> repairs = new ArrayList<>();
    String s = Text.fold(raw);
    if (!s.equals(raw)) repairs.add("full_width");
    String compact = s.replaceAll("\\s+", "");
    if (!compact.equals(s)) repairs.add("whitespace");
    s = compact;
    String upper = s.toUpperCase();
    if (!upper.equals(s) && s.endsWith("x")) repairs.add("lower_case_x");
    s = upper;
    if (s.startsWith("ZL")) {
      s = s.substring(2);
      repairs.add("zl_prefix");
    }
    if (s.startsWith("CN")) {
      s = s.substring(2);
      repairs.add("cn_prefix");
    }
    Matcher m = MODERN.matcher(s);
    int[] weights = MODERN_WEIGHTS;
    int typeIndex = 4;
    if (!m.matches()) {
      m = LEGACY.matcher(s);
      weights = LEGACY_WEIGHTS;
      typeIndex = 2;
      if (!m.matches()) {
        return new Parsed(null, null, List.copyOf(repairs), "not an application number: '" + raw + "'");
      }
    }
    String digits = m.group(1);
    String check = m.group(2);
    if (!s.contains(".")) repairs.add("missing_dot");
    String expected = checkCharacter(digits, weights);
    if (!expected.equals(check)) {
      return new Parsed(null, null, List.copyOf(repairs),
          "wrong check character in '" + raw + "': " + digits + " needs " + expected + ", not " + check);
    }
    String type = digits.substring(typeIndex, typeIndex + 1);
    if (!"12389".contains(type)) {
      return new Parsed(null, null, List.copyOf(repairs), "unknown type digit " + type + " in '" + raw + "'");
    }
    return new Parsed(digits + "." + check, type, List.copyOf(repairs), null);
  }

  /** The check character of 12 (modern) or 8 (legacy) digits. */
  public static String checkCharacter(String digits) {
    return checkCharacter(digits, digits.length() == 12 ? MODERN_WEIGHTS : LEGACY_WEIGHTS);
  }

  private static String checkCharacter(String digits, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += (digits.charAt(i) - '0') * weights[i];
    }
    int r = sum % 11;
    return r == 10 ? "X" : Integer.toString(r);
  }

  /** Patent type implied by the type digit: 1, 8 invention; 2, 9 utility model; 3 design. */
  public static String patentTypeOfDigit(String digit) {
    return switch (digit) {
      case "1", "8" -> "invention";
      case "2", "9" -> "utility_model";
      case "3" -> "design";
      default -> null;
    };
  }

  /** Patent type from the feed's Chinese label (发明 | 实用新型 | 外观设计), or null if unknown. */
  public static String patentTypeOfLabel(String label) {
    if (label == null) return null;
    return switch (Text.compact(label)) {
      case "发明" -> "invention";
      case "实用新型" -> "utility_model";
      case "外观设计" -> "design";
      default -> null;
    };
  }
}
