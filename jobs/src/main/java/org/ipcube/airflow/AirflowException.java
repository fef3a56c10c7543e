package org.ipcube.airflow;

import org.ipcube.common.IpcubeException;

/** An Airflow API failure, with the HTTP status (0 when Airflow was not reached or a wait timed out). */
public final class AirflowException extends IpcubeException {
  private final int status;

  public AirflowException(int status, String problem, String cause, String fix) {
    super(problem, cause, fix);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
