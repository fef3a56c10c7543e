package org.ipcube.region;

/**
 * The explicit "unknown" members and the non-mainland members of the region hierarchy. No real
 * NBS county or city code ends in 99 (checked by a test on every snapshot), so the unknown county
 * of a city is {@code <city4>99} and the unknown city of a province {@code <prov2>9900}.
 */
public final class RegionCodes {
  private RegionCodes() {}

  /** Mainland China, province unknown. */
  public static final String UNKNOWN_PROVINCE = "990000";
  /** Taiwan, Hong Kong, Macao (GB/T 2260 codes): kept, reportable, excluded from regional indicators. */
  public static final String TAIWAN = "710000";
  public static final String HONG_KONG = "810000";
  public static final String MACAO = "820000";
  /** Any country other than China. */
  public static final String FOREIGN = "900000";

  public static String unknownCityOf(String provinceCode) {
    return provinceCode.substring(0, 2) + "9900";
  }

  public static String unknownCountyOf(String cityCode) {
    return cityCode.substring(0, 4) + "99";
  }

  public static boolean isUnknown(String code) {
    return code.endsWith("99") || code.substring(2, 4).equals("99") || code.equals(UNKNOWN_PROVINCE);
  }

  public static boolean isMainland(String code) {
    String p = code.substring(0, 2);
    return !(p.equals("71") || p.equals("81") || p.equals("82") || p.equals("90"));
  }

  /** The level a 6-digit code names when asked for by code alone: 000000 nation, xx0000 province, xxxx00 city, else county. */
  public static String level(String code) {
    return code.equals("000000") ? "nation" : code.endsWith("0000") ? "province" : code.endsWith("00") ? "city" : "county";
  }
}
