package org.ipcube.common;

/**
 * A user-facing failure. Following Delta Kernel's exception principles, every message states the
 * problem, its cause and the fix, and names the file and record involved where there is one.
 */
public class IpcubeException extends RuntimeException {
  public IpcubeException(String problem, String cause, String fix) {
    super(problem + "\n  cause: " + cause + "\n  fix:   " + fix);
  }

  public IpcubeException(String problem, String cause, String fix, Throwable underlying) {
    super(problem + "\n  cause: " + cause + "\n  fix:   " + fix, underlying);
  }
}
