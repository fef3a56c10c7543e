package org.ipcube.common;

/**
 * Unified social credit codes (GB 32100-2015, feed SPEC §5): 18 characters over
 * {@code 0123456789ABCDEFGHJKLMNPQRTUWXY}; characters 3-8 are the registering authority's
 * division code; the last is a check character with weights 3^i mod 31.
 */
public final class Uscc {
  private Uscc() {}

  public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  /** The check character for the first 17 characters, or 0 if one of them is not in the alphabet. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    int weight = 1;
    for (int i = 0; i < 17; i++) {
      int v = ALPHABET.indexOf(first17.charAt(i));
      if (v < 0) return 0;
      sum += v * weight;
      weight = (weight * 3) % 31;
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }

  public static boolean isValid(String uscc) {
    if (uscc == null || uscc.length() != 18) return false;
    char check = checkCharacter(uscc.substring(0, 17));
    return check != 0 && check == uscc.charAt(17) && uscc.substring(2, 8).chars().allMatch(Character::isDigit);
  }

  /** Why a USCC is not valid, or null when it is (for quarantine reasons and pledgor keys). */
  public static String problem(String uscc) {
    if (uscc == null || uscc.isBlank()) return "missing USCC";
    if (uscc.length() != 18) return "USCC '" + uscc + "' has " + uscc.length() + " characters, not 18";
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(uscc.charAt(i)) < 0) return "USCC '" + uscc + "' has '" + uscc.charAt(i) + "', not in the GB 32100 alphabet";
    }
    char check = checkCharacter(uscc.substring(0, 17));
    if (check != uscc.charAt(17)) return "USCC '" + uscc + "' has check character " + uscc.charAt(17) + ", expected " + check;
    return null;
  }
}
