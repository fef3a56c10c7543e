package org.ipcube.cli;

import java.time.LocalDate;
import org.ipcube.common.UsageException;
import picocli.CommandLine.Option;

/** Either one delivery date ({@code --date}, what a nightly run passes as {{ ds }}) or a range. */
public final class DateRangeOptions {
  @Option(names = "--date", description = "One delivery date (YYYY-MM-DD).")
  LocalDate date;

  @Option(names = "--from", description = "First delivery date of a range (YYYY-MM-DD).")
  LocalDate from;

  @Option(names = "--to", description = "Last delivery date of a range (YYYY-MM-DD).")
  LocalDate to;

  public LocalDate from() {
    validate();
    return date != null ? date : from;
  }

  public LocalDate to() {
    validate();
    return date != null ? date : to;
  }

  private void validate() {
    if ((date == null) == (from == null || to == null)) {
      throw new UsageException("No delivery dates given.", "a command needs --date D, or --from D1 --to D2 (not both).",
          "Pass --date 2024-03-05, or --from 2023-01-01 --to 2023-12-31.");
    }
    if (date == null && to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from + ".", "the range is empty.", "Swap the dates.");
    }
  }
}
