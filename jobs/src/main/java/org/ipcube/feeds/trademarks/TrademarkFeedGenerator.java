package org.ipcube.feeds.trademarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ipcube.landing.DeliveryWriter;
import org.ipcube.feeds.RegionSampler;
import org.ipcube.feeds.RegionSampler.Owner;
import org.ipcube.feeds.pledges.PledgeFeedGenerator;
import org.ipcube.region.Divisions.County;
import org.ipcube.landing.Feed;

/**
 * Writes {@code trademark} deliveries exactly as feed SPEC §4 describes: JSON Lines (UTF-8, gzip),
 * each line the full current state of one trademark (change data capture; the latest
 * {@code record_updated_at} wins). The register starts with the marks already in force (registered
 * in the ten years before the range, delivered in the first delivery, so stocks are realistic:
 * ~10 marks in force per yearly registration), then every application, registration, renewal
 * (续展, expiry + 10 years), lapse at expiry (期满未续展), cancellation, revocation and invalidation
 * is a new line in the delivery on or after the day it happens. Some marks are collective or
 * certification marks, some of them GI marks; some are recognised 驰名商标; some are Madrid
 * registrations; a few registrants are foreign.
 *
 * <p>Dirt at {@code dirtRate}: unknown status values, Nice classes outside 1-45, registration
 * numbers with spaces, a UTF-8 BOM at the start of a file, lines that are not JSON, and an older
 * state of a mark delivered again after a newer one (which must not win).
 */
public final class TrademarkFeedGenerator {
  /** {@code registrationsPerYear}: national volume is ~4.4 M. */
  public record Params(LocalDate from, LocalDate to, int registrationsPerYear, long seed, double dirtRate, int recordsPerFile) {}

  public record Summary(long marks, long lines) {}

  /** A registered GI mark, for GI users that refer to a mark. */
  public record GiMark(String regNo, String countyCode, LocalDate registered) {}

  private static final String[] WORDS = {"华", "美", "佳", "锦", "金", "龙", "凤", "雅", "康", "福", "瑞", "鑫", "茗", "丰", "禾",
      "悦", "恒", "嘉", "湖", "蜜", "梨", "桔", "茶", "酒", "绸"};
  private static final String[] FOREIGN = {"US|Acme Brands LLC|1 Market St, San Francisco, CA", "JP|株式会社サクラ|東京都港区1-1",
      "DE|Muster GmbH|Hauptstrasse 1, Berlin", "FR|Maison Lumiere SA|12 Rue de Rivoli, Paris", "KR|Hanbit Co., Ltd.|Seoul Gangnam-gu 1"};
  private static final int[] CLASS_WEIGHTS = {35, 25, 9, 30, 43, 3, 5, 29, 41, 42, 11, 7, 20, 21, 16, 18, 32, 33, 44, 30};

  private final Params p;
  private final Path landing;
  private final NavigableSet<LocalDate> deliveryDates;
  private final RegionSampler sampler;
  private final Map<LocalDate, DeliveryWriter> writers = new TreeMap<>();
  private final List<String> pledgeable = new ArrayList<>();
  private final List<GiMark> giMarks = new ArrayList<>();
  private final List<PledgeFeedGenerator.Seed> pledges = new ArrayList<>();
  private long lines;
  private int serial;

  public TrademarkFeedGenerator(Params params, Path landingRoot, NavigableSet<LocalDate> deliveryDates, RegionSampler sampler) {
    this.p = params;
    this.landing = landingRoot;
    this.deliveryDates = deliveryDates;
    this.sampler = sampler;
  }

  /** Default volume: the national ratio of trademark registrations to patent applications (4.4 M : 5 M). */
  public static int registrationsPerYear(int patentsPerYear) {
    return (int) Math.round(patentsPerYear * 0.88);
  }

  public Summary generate() {
    long marks = 0;
    LocalDate start = p.from().minusYears(10);
    long existing = (long) p.registrationsPerYear() * 9;
    long days = java.time.temporal.ChronoUnit.DAYS.between(start, p.from());
    for (long i = 0; i < existing; i++) {
      LocalDate reg = start.plusDays(i * days / Math.max(1, existing));
      mark(new SplittableRandom(p.seed() * 0x9E3779B97F4A7C15L + 7919 * i + 1), reg.minusDays(180 + (i % 200)), reg, true);
      marks++;
    }
    long rangeDays = java.time.temporal.ChronoUnit.DAYS.between(p.from(), p.to()) + 1;
    long fresh = Math.round(p.registrationsPerYear() * 1.1 * rangeDays / 365.25);
    for (long i = 0; i < fresh; i++) {
      LocalDate app = p.from().minusDays(270).plusDays(i * (rangeDays + 270) / Math.max(1, fresh));
      SplittableRandom rnd = new SplittableRandom(p.seed() * 0xC2B2AE3D27D4EB4FL + 104729 * i + 3);
      LocalDate reg = rnd.nextDouble() < 0.9 ? app.plusDays(180 + rnd.nextInt(180)) : null;
      mark(rnd, app, reg, false);
      marks++;
    }
    for (LocalDate d : deliveryDates) writer(d);
    writers.values().forEach(DeliveryWriter::close);
    return new Summary(marks, lines);
  }

  /** Registered marks (TM + number) a pledge contract may pledge. */
  public List<String> pledgeableRights() {
    return pledgeable;
  }

  public List<GiMark> giMarks() {
    return giMarks;
  }

  /** Trademark pledges of registered marks (about 0.05 % of marks a year), for the pledge feed. */
  public List<PledgeFeedGenerator.Seed> pledges() {
    return pledges;
  }

  private DeliveryWriter writer(LocalDate date) {
    return writers.computeIfAbsent(date, d -> {
      SplittableRandom r = new SplittableRandom(p.seed() ^ d.toEpochDay());
      String bom = r.nextDouble() < p.dirtRate() * 2 ? "\uFEFF" : null;
      return new DeliveryWriter(landing, Feed.trademark.name(), d.toString(), 1, "jsonl", true, StandardCharsets.UTF_8, bom, null, p.recordsPerFile());
    });
  }

  private static final class Mark {
    String regNo;
    LocalDate app;
    LocalDate reg;
    LocalDate expiry;
    int[] classes;
    String name;
    String type;
    boolean gi;
    Owner owner;
    String country;
    String status;
    LocalDate statusDate;
    String madrid;
    LocalDate wellKnown;
  }

  private void mark(SplittableRandom rnd, LocalDate app, LocalDate reg, boolean existing) {
    Mark m = new Mark();
    m.regNo = String.valueOf(10_000_000 + (++serial) * 7L % 89_999_999);
    m.app = app;
    double u = rnd.nextDouble();
    m.type = u < 0.004 ? "集体商标" : u < 0.006 ? "证明商标" : "普通商标";
    m.gi = !m.type.equals("普通商标") && rnd.nextDouble() < 0.3;
    int n = rnd.nextDouble() < 0.8 ? 1 : 1 + rnd.nextInt(3);
    m.classes = new int[n];
    for (int k = 0; k < n; k++) {
      m.classes[k] = rnd.nextDouble() < 0.6 ? CLASS_WEIGHTS[rnd.nextInt(CLASS_WEIGHTS.length)] : 1 + rnd.nextInt(45);
    }
    LocalDate when = reg != null ? reg : app;
    if (!m.type.equals("普通商标")) {
      County c = sampler.county(rnd, when);
      m.owner = sampler.ownerIn(rnd, c, when, "机关团体", p.dirtRate());
      m.country = "CN";
      m.classes = new int[] {rnd.nextBoolean() ? 31 : 30};
    } else if (rnd.nextDouble() < 0.06) {
      String[] f = FOREIGN[rnd.nextInt(FOREIGN.length)].split("\\|");
      m.owner = new Owner(f[1], "企业", null, f[2], "", null);
      m.country = f[0];
    } else {
      m.owner = sampler.owner(rnd, when, 0.0, p.dirtRate());
      m.country = "CN";
    }
    m.name = WORDS[rnd.nextInt(WORDS.length)] + WORDS[rnd.nextInt(WORDS.length)] + (m.gi ? WORDS[20 + rnd.nextInt(5)] : "");
    m.madrid = rnd.nextDouble() < 0.01 ? String.valueOf(1_500_000 + rnd.nextInt(300_000)) : null;
    if (existing && rnd.nextDouble() < 0.002) m.wellKnown = reg.plusYears(3).isBefore(p.to()) ? reg.plusYears(1 + rnd.nextInt(8)) : null;
    if (m.wellKnown != null && m.wellKnown.isAfter(p.to())) m.wellKnown = null;

    if (existing) {
      m.reg = reg;
      m.expiry = reg.plusYears(10).minusDays(1);
      m.status = "注册";
      m.statusDate = reg;
      emitAt(rnd, m, reg);
    } else {
      m.status = "申请中";
      m.statusDate = app;
      if (!app.isBefore(p.from())) emitAt(rnd, m, app);
      if (reg == null) return;
      m.reg = reg;
      m.expiry = reg.plusYears(10).minusDays(1);
      m.status = "注册";
      m.statusDate = reg;
      emitAt(rnd, m, reg);
    }
    if (m.gi) giMarks.add(new GiMark(m.regNo, m.owner.countyCode(), m.reg));
    if (m.country.equals("CN") && pledgeable.size() < 200_000 && rnd.nextDouble() < 0.05) pledgeable.add("TM" + m.regNo);
    if (m.country.equals("CN") && m.owner.uscc() != null && rnd.nextDouble() < 0.0015) {
      LocalDate on = (m.reg.isBefore(p.from()) ? p.from() : m.reg).plusDays(rnd.nextInt(400));
      if (!on.isAfter(p.to())) {
        pledges.add(new PledgeFeedGenerator.Seed("Y" + on.getYear() + String.format("%09d", rnd.nextInt(1_000_000_000)), on,
            rnd.nextBoolean() ? on.plusDays(300 + rnd.nextInt(500)) : null, List.of("TM" + m.regNo), m.owner));
      }
    }
    if (m.wellKnown != null) emitAt(rnd, m, m.wellKnown);
    // Later life: an ending in range, or renewal / lapse at expiry.
    LocalDate cursor = m.reg;
    while (true) {
      LocalDate end = cursor.plusDays(365 + rnd.nextInt(3650));
      if (rnd.nextDouble() < 0.06 && end.isBefore(m.expiry) && !end.isAfter(p.to())) {
        double k = rnd.nextDouble();
        m.status = k < 0.6 ? "注销" : k < 0.85 ? "撤销" : "无效";
        m.statusDate = end;
        emitAt(rnd, m, end);
        return;
      }
      if (m.expiry.isAfter(p.to())) return;
      if (rnd.nextDouble() < 0.55) {
        LocalDate renewed = m.expiry.minusDays(rnd.nextInt(300));
        m.expiry = m.expiry.plusYears(10);
        m.status = "续展";
        m.statusDate = renewed;
        emitAt(rnd, m, renewed);
        cursor = renewed;
      } else {
        LocalDate lapsed = m.expiry.plusMonths(6);
        m.status = "期满未续展";
        m.statusDate = lapsed;
        emitAt(rnd, m, lapsed);
        return;
      }
    }
  }

  /**
   * Delivers the mark's state as of {@code happened} in the delivery on or after that day (the
   * first delivery carries everything that happened before the range: the initial load).
   */
  private void emitAt(SplittableRandom rnd, Mark m, LocalDate happened) {
    LocalDate d = deliveryDates.ceiling(happened.plusDays(rnd.nextInt(7)));
    if (d == null) return;
    emit(rnd, m, d, happened);
  }

  private void emit(SplittableRandom rnd, Mark m, LocalDate delivery, LocalDate updated) {
    double dirt = p.dirtRate();
    String line = json(rnd, m, updated, dirt);
    DeliveryWriter w = writer(delivery);
    if (rnd.nextDouble() < dirt / 10) {
      w.writeRaw(("{\"reg_no\": \"" + m.regNo + "\", \"status\": 注册\n").getBytes(StandardCharsets.UTF_8), 1);
      lines++;
    } else {
      w.write(line);
      lines++;
    }
    if (rnd.nextDouble() < dirt) {
      // The same (older) state again in a later delivery, after newer states may have arrived.
      LocalDate later = deliveryDates.higher(delivery.plusDays(60));
      if (later != null) {
        writer(later).write(line);
        lines++;
      }
    }
  }

  private String json(SplittableRandom rnd, Mark m, LocalDate updated, double dirt) {
    String regNo = rnd.nextDouble() < dirt / 2 ? m.regNo.substring(0, 4) + " " + m.regNo.substring(4) : m.regNo;
    String status = rnd.nextDouble() < dirt / 4 ? "已核准" : m.status;
    StringBuilder classes = new StringBuilder();
    for (int k = 0; k < m.classes.length; k++) {
      if (k > 0) classes.append(',');
      classes.append(rnd.nextDouble() < dirt / 4 ? 46 : m.classes[k]);
    }
    Owner o = m.owner;
    return "{\"reg_no\":\"" + regNo + "\",\"app_date\":\"" + m.app + "\",\"reg_date\":" + q(m.reg) + ",\"expiry_date\":" + q(m.expiry)
        + ",\"nice_classes\":[" + classes + "],\"mark_name\":\"" + esc(m.name) + "\",\"mark_type\":\"" + m.type + "\",\"is_gi\":" + m.gi
        + ",\"registrant\":{\"name\":\"" + esc(o.name()) + "\",\"uscc\":" + (o.uscc() == null ? "null" : "\"" + o.uscc() + "\"")
        + ",\"address\":\"" + esc(o.address()) + "\",\"country\":\"" + m.country + "\"},\"status\":\"" + status
        + "\",\"status_date\":\"" + m.statusDate + "\",\"madrid_ir_no\":" + (m.madrid == null ? "null" : "\"" + m.madrid + "\"")
        + ",\"well_known\":" + (m.wellKnown == null || m.wellKnown.isAfter(updated) ? "null" : "{\"recognized_date\":\"" + m.wellKnown + "\"}")
        + ",\"record_updated_at\":\"" + updated + "T" + String.format("%02d", 1 + rnd.nextInt(22)) + ":00:00+08:00\"}\n";
  }

  private static String q(LocalDate d) {
    return d == null ? "\"\"" : "\"" + d + "\"";
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
