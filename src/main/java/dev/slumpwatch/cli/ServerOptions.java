package dev.slumpwatch.cli;

import dev.slumpwatch.clinic.ClinicException;
import dev.slumpwatch.clinic.ClinicServer;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Where the clinic server is and as whom to log in: {@code clinic} commands' options. */
final class ServerOptions {
  @Option(names = "--url", required = true, paramLabel = "JDBC-URL",
      description = "the clinic server, e.g. jdbc:postgresql://clinic.example:5432/clinic"
          + "?sslmode=verify-full&sslrootcert=/etc/slumpwatch/clinic-ca.crt")
  String url;

  @Option(names = "--user", required = true, paramLabel = "LOGIN",
      description = "your database login")
  String user;

  @Option(names = "--password-file", required = true, paramLabel = "FILE",
      description = "a file holding the login's password on its first line (chmod 600)")
  Path passwordFile;

  ClinicServer.Login login(CommandLine cl) throws ClinicException {
    try {
      return new ClinicServer.Login(url, user, ClinicServer.readPassword(passwordFile));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }
}
