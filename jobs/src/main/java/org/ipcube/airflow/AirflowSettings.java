package org.ipcube.airflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.ipcube.common.IpcubeException;

/**
 * How to reach an Airflow deployment. The URL and API generation come from the environment;
 * credentials only from the environment ({@code IPCUBE_AIRFLOW_USERNAME} / {@code _PASSWORD}) or
 * a properties file outside the repository ({@code IPCUBE_AIRFLOW_CREDENTIALS_FILE}), never from
 * the project's files, and {@link #toString()} never shows the password.
 *
 * @param apiVersion 3 for Airflow 3 ({@code /api/v2}, JWT from {@code /auth/token}), 2 for Airflow 2
 *                   ({@code /api/v1}, basic auth)
 */
public record AirflowSettings(URI baseUrl, int apiVersion, String username, String password, Duration requestTimeout,
    int maxAttempts, Duration initialBackoff) {

  public static final String URL = "IPCUBE_AIRFLOW_URL";
  public static final String VERSION = "IPCUBE_AIRFLOW_VERSION";
  public static final String USERNAME = "IPCUBE_AIRFLOW_USERNAME";
  public static final String PASSWORD = "IPCUBE_AIRFLOW_PASSWORD";
  public static final String CREDENTIALS_FILE = "IPCUBE_AIRFLOW_CREDENTIALS_FILE";

  @Override
  public String toString() {
    return "AirflowSettings[" + baseUrl + ", Airflow " + apiVersion + ", user " + username + ", password ****]";
  }

  public String apiPrefix() {
    return apiVersion >= 3 ? "/api/v2" : "/api/v1";
  }

  /** Reads the settings from environment variables (tests pass a map; the CLI passes the real environment). */
  public static AirflowSettings fromEnvironment(Map<String, String> env, Path workingDir) {
    String url = env.get(URL);
    if (url == null || url.isBlank()) {
      throw new IpcubeException("No Airflow URL.", URL + " is not set.", "export " + URL + "=https://airflow.example.org");
    }
    int version = Integer.parseInt(env.getOrDefault(VERSION, "3"));
    if (version != 2 && version != 3) {
      throw new IpcubeException(VERSION + " is " + version + ".", "only Airflow 2 (/api/v1) and 3 (/api/v2) are supported.",
          "Set " + VERSION + " to 2 or 3.");
    }
    String user = env.get(USERNAME);
    String password = env.get(PASSWORD);
    String file = env.get(CREDENTIALS_FILE);
    if (file != null && !file.isBlank()) {
      Properties p = readCredentials(Path.of(file), workingDir);
      user = p.getProperty("username", user);
      password = p.getProperty("password", password);
    }
    if (user == null || password == null) {
      throw new IpcubeException("No Airflow credentials.", "neither " + USERNAME + "/" + PASSWORD + " nor " + CREDENTIALS_FILE
          + " gives a username and a password.", "Export them, or point " + CREDENTIALS_FILE + " at a file outside the repository.");
    }
    return new AirflowSettings(URI.create(url.replaceAll("/+$", "")), version, user, password, Duration.ofSeconds(30), 4,
        Duration.ofMillis(500));
  }

  public AirflowSettings withBackoff(int attempts, Duration initial) {
    return new AirflowSettings(baseUrl, apiVersion, username, password, requestTimeout, attempts, initial);
  }

  private static Properties readCredentials(Path file, Path workingDir) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw new IpcubeException("Credentials file " + file + " cannot be read.", e.getMessage(), "Check " + CREDENTIALS_FILE + ".", e);
    }
    Path repo = gitWorkTree(workingDir);
    if (repo != null && real.startsWith(repo)) {
      throw new IpcubeException("Credentials file " + file + " is inside the repository " + repo + ".",
          "credentials in a work tree end up committed or copied.", "Move it outside the repository (e.g. ~/.config/ipcube/airflow.properties).");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(real)) {
      p.load(in);
    } catch (IOException e) {
      throw new IpcubeException("Credentials file " + file + " cannot be read.", e.getMessage(), "Check its permissions.", e);
    }
    return p;
  }

  private static Path gitWorkTree(Path start) {
    try {
      for (Path p = start.toRealPath(); p != null; p = p.getParent()) {
        if (Files.exists(p.resolve(".git"))) return p;
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
