package org.ipcube.cleaned.patents;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Spark wrappers of {@link PatentTimeline}: each patent is joined with the list of its events and
 * turned into {@code cleaned.patent_validity_intervals} and {@code cleaned.patent_transactions}
 * rows. Pure: datasets and rules in, datasets out.
 */
public final class TimelineTransforms {
  private TimelineTransforms() {}

  static final StructType INTERVAL = (StructType) DataType.fromDDL(String.join(",",
      "application_number string", "view string", "valid_from date", "valid_to date", "patent_type string",
      "county_code string", "attribution_basis string", "hv_sei_from date", "hv_overseas_from date",
      "hv_maintained_from date", "hv_award_from date", "first_applicant_type string", "service string"));

  static final StructType TRANSACTION = (StructType) DataType.fromDDL(String.join(",",
      "application_number string", "transaction_type string", "patent_type string", "event_date date",
      "known_date date", "from_county_code string", "to_county_code string"));

  /** Patents with their timeline events as one array column {@code events}. */
  public static Dataset<Row> patentsWithEvents(Dataset<Row> patents, Dataset<Row> events) {
    Dataset<Row> grouped = events
        .filter(col("event_code").isin("GR01", "CF01", "RR01", "CX01", "AV01", "AD01", "IW01", "TR01", "CP01", "EE01"))
        .groupBy(col("application_number").as("_app"))
        .agg(functions.collect_list(functions.struct(col("event_code"), col("event_date"), col("effective_date"),
            col("known_date"), col("new_owner_county_code"))).as("events"));
    return patents.join(grouped, patents.col("application_number").equalTo(grouped.col("_app")), "left").drop("_app");
  }

  public static Dataset<Row> intervals(Dataset<Row> patentsWithEvents, PatentTimeline.Rules rules) {
    FlatMapFunction<Row, Row> f = row -> {
      PatentTimeline.Patent p = patent(row);
      List<Row> out = new ArrayList<>();
      for (PatentTimeline.Interval i : PatentTimeline.intervals(p, events(row), rules)) {
        out.add(RowFactory.create(p.applicationNumber(), i.view(), d(i.from()), d(i.to()), p.type(), i.county(),
            i.basis(), d(i.seiFrom()), d(i.overseasFrom()), d(i.maintainedFrom()), d(i.awardFrom()),
            row.<String>getAs("first_applicant_type"), row.<String>getAs("service")));
      }
      return out.iterator();
    };
    return patentsWithEvents.flatMap(f, RowEncoder.encoderFor(INTERVAL));
  }

  public static Dataset<Row> transactions(Dataset<Row> patentsWithEvents) {
    FlatMapFunction<Row, Row> f = row -> {
      PatentTimeline.Patent p = patent(row);
      List<Row> out = new ArrayList<>();
      for (PatentTimeline.Transaction t : PatentTimeline.transactions(p, events(row))) {
        out.add(RowFactory.create(p.applicationNumber(), t.type(), p.type(), d(t.eventDate()), d(t.known()),
            t.fromCounty(), t.toCounty()));
      }
      Iterator<Row> it = out.iterator();
      return it;
    };
    return patentsWithEvents.flatMap(f, RowEncoder.encoderFor(TRANSACTION));
  }

  static PatentTimeline.Patent patent(Row r) {
    Integer awardYear = r.isNullAt(r.fieldIndex("award_year")) ? null : r.getInt(r.fieldIndex("award_year"));
    return new PatentTimeline.Patent(r.getAs("application_number"), r.getAs("patent_type"),
        ld(r.getAs("application_date")), ld(r.getAs("grant_date")), ld(r.getAs("grant_known_date")),
        // A grant known only from a GR01 event has no grant-date resolution: the filing-date one stands in.
        firstNonNull(r.getAs("applicant_county_code_at_grant"), r.getAs("applicant_county_code_at_filing")),
        r.getAs("patentee_county_code_at_grant"), r.getAs("sei_code"),
        ld(r.getAs("sei_known_date")), Boolean.TRUE.equals(r.getAs("has_overseas_family_grant")),
        ld(r.getAs("overseas_known_date")), awardYear, ld(r.getAs("award_known_date")));
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  static List<PatentTimeline.Event> events(Row r) {
    List<PatentTimeline.Event> out = new ArrayList<>();
    int idx = r.fieldIndex("events");
    if (r.isNullAt(idx)) return out;
    for (Row e : r.<Row>getList(idx)) {
      out.add(new PatentTimeline.Event(e.getString(0), ld(e.get(1)), ld(e.get(2)), ld(e.get(3)), e.getString(4)));
    }
    return out;
  }

  // Sessions run with spark.sql.datetime.java8API.enabled: DateType values are LocalDate.
  private static LocalDate ld(Object d) {
    return (LocalDate) d;
  }

  private static LocalDate d(LocalDate d) {
    return d;
  }
}
