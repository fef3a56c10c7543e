package org.ipcube.common;

/**
 * How a clean or cube job runs: derive everything ({@code ipcube run}, {@code --rebuild}), or only
 * what changed since its last run (a nightly), per its watermark in {@code <layer>.job_watermarks}.
 */
public enum RunMode {
  /** Every key from all inputs: first load, backfill, or a repair. */
  REBUILD,
  /** What the input changes since the job's last run touch (a rebuild when that cannot be known). */
  CHANGES
}
