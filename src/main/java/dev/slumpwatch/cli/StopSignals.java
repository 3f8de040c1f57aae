package dev.slumpwatch.cli;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT as requests to stop monitoring, not as the end of the JVM: the session
 * ends as when its source ends (the last second stored, the summary printed) and the
 * command exits 0, as a service stopped on request should. Left to the JVM, either signal
 * starts its shutdown at once: a shutdown hook could only wait a bounded time for the
 * session to end, the summary was lost when that was not enough, and the exit code was
 * 143 or 130 whatever happened.
 *
 * <p>A second signal while stopping ends the process at once (exit 128 + signal number),
 * for a stop that hangs. Signal handling is the JDK's {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}), reached by reflection so the build needs no internal
 * API; where it is missing, {@link #install} returns false and the caller's shutdown hook
 * remains the way out.
 */
final class StopSignals {
  private StopSignals() {
  }

  /**
   * @param stop called (on a signal-handling thread) at the first SIGTERM or SIGINT
   * @param say one line for the user when a second signal ends the process
   * @return whether the signals are handled
   */
  static boolean install(Runnable stop, java.util.function.Consumer<String> say) {
    AtomicInteger received = new AtomicInteger();
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(),
          new Class<?>[] {handlerType}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle" -> {
                int number = (int) signal.getMethod("getNumber").invoke(args[0]);
                if (received.getAndIncrement() == 0) {
                  stop.run();
                } else {
                  say.accept("stopped at once (a second signal): the last second may not be "
                      + "stored");
                  Runtime.getRuntime().halt(128 + number);
                }
                return null;
              }
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "toString" -> {
                return "slumpwatch stop signals";
              }
              default -> throw new UnsupportedOperationException(method.getName());
            }
          });
      for (String name : new String[] {"TERM", "INT"}) {
        signal.getMethod("handle", signal, handlerType).invoke(null,
            signal.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false; // no such API here, or the signal is reserved (-Xrs)
    }
  }
}
