package org.ipcube.feeds.gi;

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
import org.ipcube.feeds.trademarks.TrademarkFeedGenerator.GiMark;
import org.ipcube.region.Divisions.City;
import org.ipcube.region.Divisions.County;
import org.ipcube.landing.Feed;

/**
 * Writes {@code gi} deliveries exactly as feed SPEC §6 describes: JSON Lines (UTF-8, gzip) of two
 * kinds, GI products (地理标志保护产品) and GI users (核准使用专用标志的企业); the latest
 * {@code record_updated_at} per id wins. Products approved before the range come in the first
 * delivery. A product's protected area spans one to four counties of a city, sometimes a county
 * of a neighbouring city too; entries give a code and a name, or a name only. Users refer to a
 * product or to a GI mark (from the trademark generator) and sit in one of its counties; some are
 * later cancelled (注销), some products revoked (撤销).
 *
 * <p>Dirt at {@code dirtRate}: lines that are not JSON, an older state delivered after a newer one,
 * and unknown status values.
 */
public final class GiFeedGenerator {
  /** {@code products} and {@code users}: totals (national: ~2.5 k products, ~30 k users). */
  public record Params(LocalDate from, LocalDate to, int products, int users, long seed, double dirtRate, int recordsPerFile) {}

  public record Summary(long products, long users, long lines) {}

  private static final String[] CATEGORIES = {"茶叶", "水果", "粮油", "中药材", "畜禽", "水产", "酒类", "蔬菜", "工艺品", "食品"};
  private static final String[] STEMS = {"龙井", "蜜梨", "杨梅", "黄酒", "丝绸", "香榧", "白茶", "大米", "柑橘", "板栗", "香菇", "湖羊"};

  private final Params p;
  private final Path landing;
  private final NavigableSet<LocalDate> deliveryDates;
  private final RegionSampler sampler;
  private final Map<LocalDate, DeliveryWriter> writers = new TreeMap<>();
  private long lines;

  public GiFeedGenerator(Params params, Path landingRoot, NavigableSet<LocalDate> deliveryDates, RegionSampler sampler) {
    this.p = params;
    this.landing = landingRoot;
    this.deliveryDates = deliveryDates;
    this.sampler = sampler;
  }

  /** Default volumes scaled from the national ones by the patent scale (5 M applications a year), with a floor for small runs. */
  public static int[] volumes(int patentsPerYear) {
    double scale = patentsPerYear / 5_000_000.0;
    return new int[] {(int) Math.max(60, Math.round(2_500 * scale)), (int) Math.max(400, Math.round(30_000 * scale))};
  }

  private record Product(String id, LocalDate approved, List<County> area) {}

  public Summary generate(List<GiMark> giMarks) {
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < p.products(); i++) {
      SplittableRandom rnd = new SplittableRandom(p.seed() * 0x632BE59BD9B4E019L + 31L * i + 5);
      boolean before = rnd.nextDouble() < 0.85;
      LocalDate approved = before ? LocalDate.of(2004, 1, 1).plusDays(rnd.nextInt((int) (p.from().toEpochDay() - LocalDate.of(2004, 1, 1).toEpochDay())))
          : p.from().plusDays(rnd.nextInt((int) Math.max(1, p.to().toEpochDay() - p.from().toEpochDay())));
      Product prod = new Product(String.format("GIP-%d-%04d", approved.getYear(), i), approved, area(rnd, approved));
      products.add(prod);
      product(rnd, prod);
    }
    for (int i = 0; i < p.users(); i++) {
      SplittableRandom rnd = new SplittableRandom(p.seed() * 0x9E3779B97F4A7C15L + 131L * i + 11);
      user(rnd, i, products, giMarks);
    }
    for (LocalDate d : deliveryDates) writer(d);
    writers.values().forEach(DeliveryWriter::close);
    return new Summary(products.size(), p.users(), lines);
  }

  private List<County> area(SplittableRandom rnd, LocalDate approved) {
    LocalDate on = approved.isBefore(LocalDate.of(2016, 1, 1)) ? LocalDate.of(2016, 1, 1) : approved;
    County first = sampler.county(rnd, on);
    List<County> area = new ArrayList<>(List.of(first));
    List<County> siblings = sampler.countiesOf(first.cityCode(), on);
    int extra = rnd.nextDouble() < 0.5 ? 0 : 1 + rnd.nextInt(3);
    for (int k = 0; k < extra && siblings.size() > 1; k++) {
      County c = siblings.get(rnd.nextInt(siblings.size()));
      if (!area.contains(c)) area.add(c);
    }
    if (rnd.nextDouble() < 0.1) {
      List<City> cities = sampler.citiesOf(first.provinceCode(), on).stream().filter(c -> !c.code().equals(first.cityCode())).toList();
      if (!cities.isEmpty()) {
        List<County> other = sampler.countiesOf(cities.get(rnd.nextInt(cities.size())).code(), on);
        if (!other.isEmpty()) area.add(other.get(rnd.nextInt(other.size())));
      }
    }
    return area;
  }

  private void product(SplittableRandom rnd, Product prod) {
    StringBuilder area = new StringBuilder();
    for (int k = 0; k < prod.area().size(); k++) {
      County c = prod.area().get(k);
      if (k > 0) area.append(',');
      boolean nameOnly = k > 0 && rnd.nextDouble() < 0.25;
      area.append(nameOnly ? "{\"name\":\"" + c.name() + "\"}" : "{\"code\":\"" + c.code() + "\",\"name\":\"" + c.name() + "\"}");
    }
    String name = prod.area().get(0).name().replaceAll("(区|县|市)$", "") + STEMS[rnd.nextInt(STEMS.length)];
    String base = "{\"kind\":\"product\",\"gi_id\":\"" + prod.id() + "\",\"name\":\"" + name + "\",\"category\":\""
        + CATEGORIES[rnd.nextInt(CATEGORIES.length)] + "\",\"announcement_no\":\"" + prod.approved().getYear() + "年第"
        + (1 + rnd.nextInt(200)) + "号\",\"approved_date\":\"" + prod.approved() + "\",\"protected_area\":[" + area + "],";
    emit(rnd, prod.approved(), base + "\"status\":\"保护中\",\"record_updated_at\":\"" + prod.approved() + "T10:00:00+08:00\"}\n");
    if (rnd.nextDouble() < 0.03) {
      LocalDate revoked = (prod.approved().isBefore(p.from()) ? p.from() : prod.approved()).plusDays(100 + rnd.nextInt(600));
      if (!revoked.isAfter(p.to())) {
        emit(rnd, revoked, base + "\"status\":\"撤销\",\"record_updated_at\":\"" + revoked + "T10:00:00+08:00\"}\n");
      }
    }
  }

  private void user(SplittableRandom rnd, int i, List<Product> products, List<GiMark> giMarks) {
    boolean ofMark = !giMarks.isEmpty() && rnd.nextDouble() < 0.25;
    String ref;
    County county;
    LocalDate after;
    if (ofMark) {
      GiMark m = giMarks.get(rnd.nextInt(giMarks.size()));
      ref = "{\"type\":\"trademark\",\"reg_no\":\"" + m.regNo() + "\"}";
      county = null;
      after = m.registered();
      LocalDate on = after.isBefore(LocalDate.of(2016, 1, 1)) ? LocalDate.of(2016, 1, 1) : after;
      if (m.countyCode() != null) {
        county = sampler.countiesOf(m.countyCode().substring(0, 4) + "00", on).stream()
            .filter(c -> c.code().equals(m.countyCode())).findFirst().orElse(null);
      }
      if (county == null) county = sampler.county(rnd, on);
    } else {
      Product prod = products.get(rnd.nextInt(products.size()));
      ref = "{\"type\":\"product\",\"id\":\"" + prod.id() + "\"}";
      county = prod.area().get(rnd.nextInt(prod.area().size()));
      after = prod.approved();
    }
    LocalDate start = after.isBefore(p.from().minusYears(6)) ? p.from().minusYears(6) : after;
    LocalDate approved = start.plusDays(rnd.nextInt((int) Math.max(1, p.to().toEpochDay() - start.toEpochDay())));
    LocalDate on = approved.isBefore(LocalDate.of(2016, 1, 1)) ? LocalDate.of(2016, 1, 1) : approved;
    Owner o = sampler.ownerIn(rnd, county, on, "企业", p.dirtRate());
    String id = String.format("GIU-%d-%05d", approved.getYear(), i % 100_000);
    String base = "{\"kind\":\"user\",\"user_id\":\"" + id + "\",\"gi_ref\":" + ref + ",\"enterprise\":{\"name\":\"" + o.name()
        + "\",\"uscc\":\"" + o.uscc() + "\",\"address\":\"" + o.address() + "\"},\"approved_date\":\"" + approved + "\",";
    emit(rnd, approved, base + "\"status\":\"" + (rnd.nextDouble() < p.dirtRate() / 4 ? "待审" : "核准") + "\",\"record_updated_at\":\""
        + approved + "T09:00:00+08:00\"}\n");
    if (rnd.nextDouble() < 0.05) {
      LocalDate cancelled = approved.plusDays(200 + rnd.nextInt(900));
      if (!cancelled.isAfter(p.to())) {
        emit(rnd, cancelled, base + "\"status\":\"注销\",\"record_updated_at\":\"" + cancelled + "T09:00:00+08:00\"}\n");
      }
    }
  }

  private DeliveryWriter writer(LocalDate date) {
    return writers.computeIfAbsent(date, d -> new DeliveryWriter(landing, Feed.gi.name(), d.toString(), 1, "jsonl", true,
        StandardCharsets.UTF_8, null, null, p.recordsPerFile()));
  }

  /** Into the delivery on or after {@code happened} (the first delivery for anything before the range). */
  private void emit(SplittableRandom rnd, LocalDate happened, String line) {
    LocalDate d = deliveryDates.ceiling(happened.plusDays(rnd.nextInt(7)));
    if (d == null) return;
    if (rnd.nextDouble() < p.dirtRate() / 10) {
      writer(d).writeRaw(line.substring(0, line.length() / 2).concat("\n").getBytes(StandardCharsets.UTF_8), 1);
    } else {
      writer(d).write(line);
    }
    lines++;
    if (rnd.nextDouble() < p.dirtRate()) {
      LocalDate later = deliveryDates.higher(d.plusDays(60));
      if (later != null) {
        writer(later).write(line);
        lines++;
      }
    }
  }
}
