package org.ipcube.common;

/**
 * A command was called with arguments or paths that cannot work (exit code 2): found before any
 * Spark work starts, stated as problem, cause and fix like every {@link IpcubeException}.
 */
public class UsageException extends IpcubeException {
  public UsageException(String problem, String cause, String fix) {
    super(problem, cause, fix);
  }
}
