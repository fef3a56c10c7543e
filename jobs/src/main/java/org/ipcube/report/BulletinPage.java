package org.ipcube.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipcube.common.IpcubeException;

/**
 * The bulletin as one self-contained, printable HTML page: the sentences of {@link BulletinReport},
 * a table of every sibling region (value, growth, share and rank of the main indicators), and
 * Apache ECharts charts with axes and values: the region's valid invention patents over the years,
 * its grants by type, the siblings compared, and a map of the siblings shaded by valid invention
 * patents. ECharts and the map are inlined from the jar ({@code report/echarts/}, {@code report/maps/},
 * unpacked from the npm packages at build time), so the page needs no network. Plain values in, a
 * string out; {@link Chromium} prints it to PDF.
 */
public final class BulletinPage {
  private BulletinPage() {}

  /** A year of the region: its grants by type and its valid invention patents at the year's end (null where absent). */
  public record Trend(int year, Double inventionGrants, Double utilityModelGrants, Double designGrants, Double validInventions) {}

  /** A region of the same parent and level, with the main indicators of the year; {@code isReportingRegion} marks the bulletin's own. */
  public record Sibling(String code, String name, Double validInventions, Double validInventionsGrowthPct, Double validInventionsSharePct,
      Integer validInventionsRank, Double inventionGrants, Double inventionGrantsGrowthPct, Integer inventionGrantsRank,
      boolean isReportingRegion) {}

  /** Everything on the page. {@code parentCode} picks the map (a province's cities, or China's provinces). */
  public record Content(String text, String regionName, String regionLevel, String parentCode, String parentName, int year,
      List<Trend> trend, List<Sibling> siblings) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The map file of the siblings' parent: China's provinces for a province, the province's cities
   * for a city, a municipality's districts for its districts; none for other counties (the maps
   * stop at the city level).
   */
  static String mapFile(String regionLevel, String parentCode) {
    if (parentCode == null) return null;
    if (regionLevel.equals("province")) return "china";
    String province = parentCode.substring(0, 2);
    boolean municipality = List.of("11", "12", "31", "50").contains(province);
    // A municipality's map shows its districts: the map of its counties, not of its pseudo-cities (市辖区, 县).
    if (municipality ? regionLevel.equals("county") : regionLevel.equals("city")) return PROVINCE_MAPS.get(province);
    return null;
  }

  private static final Map<String, String> PROVINCE_MAPS = Map.ofEntries(Map.entry("11", "beijing"), Map.entry("12", "tianjin"),
      Map.entry("13", "hebei"), Map.entry("14", "shanxi"), Map.entry("15", "neimenggu"), Map.entry("21", "liaoning"),
      Map.entry("22", "jilin"), Map.entry("23", "heilongjiang"), Map.entry("31", "shanghai"), Map.entry("32", "jiangsu"),
      Map.entry("33", "zhejiang"), Map.entry("34", "anhui"), Map.entry("35", "fujian"), Map.entry("36", "jiangxi"),
      Map.entry("37", "shandong"), Map.entry("41", "henan"), Map.entry("42", "hubei"), Map.entry("43", "hunan"),
      Map.entry("44", "guangdong"), Map.entry("45", "guangxi"), Map.entry("46", "hainan"), Map.entry("50", "chongqing"),
      Map.entry("51", "sichuan"), Map.entry("52", "guizhou"), Map.entry("53", "yunnan"), Map.entry("54", "xizang"),
      Map.entry("61", "shanxi1"), Map.entry("62", "gansu"), Map.entry("63", "qinghai"), Map.entry("64", "ningxia"),
      Map.entry("65", "xinjiang"));

  private static String resource(String path) {
    try (InputStream in = BulletinPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IpcubeException("The bulletin's " + path + " is missing.", "it is not on the classpath (it is unpacked from "
            + "the ECharts npm package when the jar is built).", "Rebuild with `mvn -B -q -DskipTests package`.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IpcubeException("Cannot read " + path + ".", e.getMessage(), "Rebuild the jar.", e);
    }
  }

  /**
   * The map's feature for a region: the same name, or the map's short form of it (China's map says
   * 河北 for 河北省, 内蒙古 for 内蒙古自治区). A region the map does not know (a city created
   * after the map was drawn) stays off the map and is still in the table.
   */
  static String feature(List<String> features, String regionName) {
    for (String f : features) if (f.equals(regionName)) return f;
    for (String f : features) if (regionName.startsWith(f) || f.startsWith(regionName)) return f;
    return null;
  }

  public static String html(Content c) {
    ObjectNode data = JSON.createObjectNode();
    data.put("region", c.regionName());
    data.put("year", c.year());
    data.put("parent", c.parentName());
    ArrayNode trend = data.putArray("trend");
    for (Trend t : c.trend()) {
      trend.addObject().put("year", t.year()).put("invention", t.inventionGrants()).put("utility_model", t.utilityModelGrants())
          .put("design", t.designGrants()).put("valid_inventions", t.validInventions());
    }
    ArrayNode siblings = data.putArray("siblings");
    for (Sibling s : c.siblings()) {
      siblings.addObject().put("name", s.name()).put("value", s.validInventions()).put("self", s.isReportingRegion());
    }
    String mapFile = mapFile(c.regionLevel(), c.parentCode());
    String mapJson = "null";
    if (mapFile != null && !c.siblings().isEmpty()) {
      mapJson = resource("report/maps/" + mapFile + ".json");
      List<String> features = new ArrayList<>();
      try {
        for (JsonNode f : JSON.readTree(mapJson).path("features")) features.add(f.path("properties").path("name").asText());
      } catch (IOException e) {
        throw new IpcubeException("The map report/maps/" + mapFile + ".json is not valid JSON.", e.getMessage(), "Rebuild the jar.", e);
      }
      ObjectNode map = data.putObject("map");
      map.put("name", mapFile);
      ArrayNode areas = map.putArray("data");
      for (Sibling s : c.siblings()) {
        String f = feature(features, s.name());
        if (f != null && s.validInventions() != null) {
          areas.addObject().put("name", f).put("value", s.validInventions()).put("region", s.name()).put("self", s.isReportingRegion());
        }
      }
    }
    String[] lines = c.text().split("\n");
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(lines[0])).append("</title>\n<style>").append(resource("report/bulletin.css")).append("</style></head><body>\n");
    b.append("<h1>").append(escape(lines[0])).append("</h1>\n");
    boolean inList = false;
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i];
      if (l.startsWith("  ")) {
        if (!inList) b.append("<ul>\n");
        inList = true;
        b.append("<li>").append(escape(l.strip())).append("</li>\n");
        continue;
      }
      if (inList) b.append("</ul>\n");
      inList = false;
      if (l.startsWith("(")) b.append("<p class=\"note\">").append(escape(l)).append("</p>\n");
      else if (!l.isBlank()) b.append("<h2>").append(escape(l)).append("</h2>\n");
    }
    if (inList) b.append("</ul>\n");
    // A chart only where there is something to draw (a young warehouse may have no invention yet).
    boolean hasValid = c.trend().stream().anyMatch(t -> t.validInventions() != null);
    boolean hasGrants = c.trend().stream().anyMatch(t -> t.inventionGrants() != null || t.utilityModelGrants() != null || t.designGrants() != null);
    boolean hasSiblings = c.siblings().stream().anyMatch(x -> x.validInventions() != null);
    if (hasValid || hasGrants || hasSiblings) b.append("<h2>图表</h2>\n");
    if (hasValid) b.append("<div class=\"chart\" id=\"trend\"></div>\n");
    if (hasGrants) b.append("<div class=\"chart\" id=\"grants\"></div>\n");
    if (hasSiblings) b.append("<div class=\"chart tall\" id=\"siblings\"></div>\n");
    if (!c.siblings().isEmpty()) {
      if (data.has("map") && data.get("map").get("data").size() > 0) b.append("<div class=\"chart tall\" id=\"map\"></div>\n");
      else if (mapFile == null) b.append("<p class=\"note\">(无地图: 随附的地图数据只到地市级, 直辖市到区县级)</p>\n");
      b.append(siblingTable(c));
    }
    b.append("<script>").append(resource("report/echarts/echarts.min.js")).append("</script>\n");
    b.append("<script>const BULLETIN = ").append(data.toString().replace("</", "<\\/")).append(";\nconst MAP = ")
        .append(mapJson.replace("</", "<\\/")).append(";</script>\n");
    b.append("<script>").append(resource("report/bulletin.js")).append("</script>\n");
    return b.append("</body></html>\n").toString();
  }

  private static String siblingTable(Content c) {
    String parentWord = c.parentName() == null ? "上级" : c.parentName();
    StringBuilder b = new StringBuilder("<h2>同级地区比较 (").append(c.year()).append("年)</h2>\n<table class=\"siblings\">\n<thead><tr>")
        .append("<th rowspan=\"2\">地区</th><th colspan=\"4\">有效发明专利 (截至").append(c.year()).append("年底)</th>")
        .append("<th colspan=\"3\">发明专利授权</th></tr>\n<tr><th>件</th><th>同比</th><th>占").append(escape(parentWord))
        .append("</th><th>位次</th><th>件</th><th>同比</th><th>位次</th></tr></thead>\n<tbody>\n");
    for (Sibling s : c.siblings()) {
      b.append(s.isReportingRegion() ? "<tr class=\"self\">" : "<tr>").append("<td>").append(escape(s.name())).append("</td>")
          .append(cell(s.validInventions() == null ? null : BulletinReport.decimal(s.validInventions(), 0)))
          .append(cell(percent(s.validInventionsGrowthPct()))).append(cell(percent(s.validInventionsSharePct())))
          .append(cell(s.validInventionsRank() == null ? null : String.valueOf(s.validInventionsRank())))
          .append(cell(s.inventionGrants() == null ? null : BulletinReport.decimal(s.inventionGrants(), 0)))
          .append(cell(percent(s.inventionGrantsGrowthPct())))
          .append(cell(s.inventionGrantsRank() == null ? null : String.valueOf(s.inventionGrantsRank()))).append("</tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  private static String percent(Double v) {
    return v == null ? null : BulletinReport.decimal(v, 1) + "%";
  }

  private static String cell(String v) {
    return "<td class=\"num\">" + (v == null ? "-" : escape(v)) + "</td>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
