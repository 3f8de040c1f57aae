package dev.slumpwatch.testing;

import java.util.Locale;

/**
 * What public MPU-6050 sketches print, written from their source code as a person would
 * have them flashed: each shape writes one reading (ax, ay, az in g, gx, gy, gz in °/s) the
 * way that sketch's {@code loop()} prints it, and the banner its {@code setup()} prints.
 * Floats are printed as Arduino's {@code Serial.print(float)} does, with 2 decimals.
 */
public enum SketchOutput {
  /** Arduino Playground "MPU-6050 short example" (JohnChi): labelled raw counts with |. */
  PLAYGROUND_SHORT(true, false, "AcX AcY AcZ GyX GyY GyZ (ignored: Tmp)") {
    @Override
    String record(double t, double[] v, boolean si) {
      return "AcX = " + a(v[0], si) + " | AcY = " + a(v[1], si) + " | AcZ = " + a(v[2], si)
          + " | Tmp = " + f2(25.3) + " | GyX = " + g(v[3], si) + " | GyY = " + g(v[4], si)
          + " | GyZ = " + g(v[5], si) + "\r\n";
    }
  },
  /** Arduino Playground "MPU-6050 long example" (Krodal): blocks with "accel x,y,z:". */
  PLAYGROUND_LONG(true, false, "labelled records of 2 lines: accel xyz gyro xyz") {
    @Override
    String banner() {
      return "InvenSense MPU-6050\r\nJune 2012\r\nWHO_AM_I : 68, error = 0\r\n"
          + "PWR_MGMT_2 : 0, error = 0\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return "\r\nMPU-6050\r\nRead accel, temp and gyro, error = 0\r\naccel x,y,z: "
          + a(v[0], si) + ", " + a(v[1], si) + ", " + a(v[2], si) + "\r\ntemperature: "
          + String.format(Locale.ROOT, "%.3f", 25.682) + " degrees Celsius\r\ngyro x,y,z : "
          + g(v[3], si) + ", " + g(v[4], si) + ", " + g(v[5], si) + ", \r\n\r\n";
    }
  },
  /** i2cdevlib MPU6050_raw, OUTPUT_READABLE_ACCELGYRO: "a/g:" and six tab-separated ints. */
  I2CDEVLIB_RAW(true, false, "lines: ax ay az gx gy gz") {
    @Override
    String banner() {
      return "Initializing I2C devices...\r\nTesting device connections...\r\n"
          + "MPU6050 connection successful\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return "a/g:\t" + a(v[0], si) + "\t" + a(v[1], si) + "\t" + a(v[2], si) + "\t"
          + g(v[3], si) + "\t" + g(v[4], si) + "\t" + g(v[5], si) + "\r\n";
    }
  },
  /** Adafruit_MPU6050 basic_readings: three lines per reading, m/s² and rad/s, a banner. */
  ADAFRUIT_BASIC(false, true, "Acceleration X Y Z Rotation X Y Z (ignored: Temperature)") {
    @Override
    String banner() {
      return "Adafruit MPU6050 test!\r\nMPU6050 Found!\r\nAccelerometer range set to: +-8G\r\n"
          + "Gyro range set to: +- 500 deg/s\r\nFilter bandwidth set to: 21 Hz\r\n\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return "Acceleration X: " + ms2(v[0]) + ", Y: " + ms2(v[1]) + ", Z: " + ms2(v[2])
          + " m/s^2\r\nRotation X: " + rad(v[3]) + ", Y: " + rad(v[4]) + ", Z: " + rad(v[5])
          + " rad/s\r\nTemperature: 25.30 degC\r\n\r\n";
    }
  },
  /** Adafruit_MPU6050 plotter example: name:value pairs for the Serial Plotter, SI. */
  ADAFRUIT_PLOTTER(false, true, "AccelX AccelY AccelZ GyroX GyroY GyroZ") {
    @Override
    String banner() {
      return "Adafruit MPU6050 test!\r\nMPU6050 Found!\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return "AccelX:" + ms2(v[0]) + ",AccelY:" + ms2(v[1]) + ",AccelZ:" + ms2(v[2])
          + ", GyroX:" + rad(v[3]) + ",GyroY:" + rad(v[4]) + ",GyroZ:" + rad(v[5]) + "\r\n";
    }
  },
  /** Serial Plotter name:value pairs separated by spaces (Arduino IDE 2 accepts these). */
  PLOTTER_SPACES(true, true, "ax ay az gx gy gz") {
    @Override
    String record(double t, double[] v, boolean si) {
      return "ax:" + a(v[0], si) + " ay:" + a(v[1], si) + " az:" + a(v[2], si) + " gx:"
          + g(v[3], si) + " gy:" + g(v[4], si) + " gz:" + g(v[5], si) + "\r\n";
    }
  },
  /** Bare comma-separated values, the most common hand-written sketch. */
  CSV(true, true, "comma-separated lines of 6 numbers") {
    @Override
    String record(double t, double[] v, boolean si) {
      return a(v[0], si) + "," + a(v[1], si) + "," + a(v[2], si) + "," + g(v[3], si) + ","
          + g(v[4], si) + "," + g(v[5], si) + "\r\n";
    }
  },
  /** A header naming the columns (and so their units), then millis() and six values. */
  CSV_HEADER_MILLIS(true, true, "comma-separated lines of 7 numbers") {
    @Override
    String banner() {
      return "t_ms,ax,ay,az,gx,gy,gz\r\n";
    }

    @Override
    String bannerSi() {
      return "t_ms,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return Math.round(1234 + t * 1000) + "," + a(v[0], si) + "," + a(v[1], si) + ","
          + a(v[2], si) + "," + g(v[3], si) + "," + g(v[4], si) + "," + g(v[5], si) + "\r\n";
    }
  },
  /** Space-separated raw registers in the sensor's order, temperature in the middle. */
  REGISTERS_WITH_TEMPERATURE(true, false, "space-separated lines of 7 numbers") {
    @Override
    String record(double t, double[] v, boolean si) {
      return a(v[0], si) + " " + a(v[1], si) + " " + a(v[2], si) + " " + (-2540) + " "
          + g(v[3], si) + " " + g(v[4], si) + " " + g(v[5], si) + "\r\n";
    }
  },
  /** One labelled value per line, a blank line between readings. */
  ONE_VALUE_PER_LINE(true, true, "labelled records of 6 lines: AcX AcY AcZ GyX GyY GyZ") {
    @Override
    String record(double t, double[] v, boolean si) {
      return "AcX = " + a(v[0], si) + "\r\nAcY = " + a(v[1], si) + "\r\nAcZ = " + a(v[2], si)
          + "\r\nTmp = 25.30\r\nGyX = " + g(v[3], si) + "\r\nGyY = " + g(v[4], si)
          + "\r\nGyZ = " + g(v[5], si) + "\r\n\r\n";
    }
  },
  /** MPU6050_light (rfetick) GetAllData: blocks in g and °/s with angles to ignore. */
  MPU6050_LIGHT(false, true, "ACCELERO X Y Z GYRO X Y Z") {
    @Override
    String banner() {
      return "MPU6050 status: 0\r\nCalculating offsets, do not move MPU6050\r\nDone!\r\n";
    }

    @Override
    String record(double t, double[] v, boolean si) {
      return "TEMPERATURE: 25.30\r\nACCELERO  X: " + f2(v[0]) + "\tY: " + f2(v[1]) + "\tZ: "
          + f2(v[2]) + "\r\nGYRO      X: " + f2(v[3]) + "\tY: " + f2(v[4]) + "\tZ: " + f2(v[5])
          + "\r\nACC ANGLE X: 12.40\tY: -3.10\r\nANGLE     X: 12.38\tY: -3.12\tZ: 0.41\r\n"
          + "=====================================================\r\n";
    }
  },
  /** MPU6050_tockn GetAllData: "accX : …" blocks with angle lines to ignore. */
  MPU6050_TOCKN(false, true, "accX accY accZ gyroX gyroY gyroZ") {
    @Override
    String record(double t, double[] v, boolean si) {
      return "=======================================================\r\ntemp : 25.88\r\n"
          + "accX : " + f2(v[0]) + "\taccY : " + f2(v[1]) + "\taccZ : " + f2(v[2]) + "\r\n"
          + "gyroX : " + f2(v[3]) + "\tgyroY : " + f2(v[4]) + "\tgyroZ : " + f2(v[5]) + "\r\n"
          + "accAngleX : 12.40\taccAngleY : -3.10\r\ngyroAngleX : 1.20\tgyroAngleY : 0.30"
          + "\tgyroAngleZ : 0.10\r\nangleX : 12.38\tangleY : -3.12\tangleZ : 0.41\r\n"
          + "=======================================================\r\n\r\n";
    }
  },
  /** JSON objects, as ESP32 sketches print for a web page. */
  JSON(true, true, "ax ay az gx gy gz") {
    @Override
    String record(double t, double[] v, boolean si) {
      return "{\"ax\":" + (si ? ms2(v[0]) : a(v[0], false)) + ",\"ay\":" + (si ? ms2(v[1])
          : a(v[1], false)) + ",\"az\":" + (si ? ms2(v[2]) : a(v[2], false)) + ",\"gx\":"
          + (si ? rad(v[3]) : g(v[3], false)) + ",\"gy\":" + (si ? rad(v[4]) : g(v[4], false))
          + ",\"gz\":" + (si ? rad(v[5]) : g(v[5], false)) + ",\"temp\":25.3}\r\n";
    }
  };

  /** The sketch prints raw counts (±2 g, ±250 °/s, the power-on ranges) in this form. */
  public final boolean raw;
  /** The sketch prints SI values (g and °/s; m/s² and rad/s for Adafruit and JSON). */
  public final boolean si;
  /** A part of the one line the reader must conclude. */
  public final String concluded;

  SketchOutput(boolean raw, boolean si, String concluded) {
    this.raw = raw;
    this.si = si;
    this.concluded = concluded;
  }

  /** The units the reader must conclude for this sketch's raw or SI form. */
  public String unitsConcluded(boolean si) {
    if (!si) {
      return "raw counts ±2 g / ±250 °/s";
    }
    boolean metres = this == ADAFRUIT_BASIC || this == ADAFRUIT_PLOTTER || this == JSON;
    return metres ? "m/s² / rad/s" : "g / °/s";
  }

  /** What setup() prints before the readings. */
  String banner() {
    return "";
  }

  /** The banner when the sketch prints SI values. */
  String bannerSi() {
    return banner();
  }

  public String banner(boolean si) {
    return si ? bannerSi() : banner();
  }

  /**
   * One reading as printed.
   *
   * @param t  seconds since the sketch started
   * @param v  ax, ay, az in g, gx, gy, gz in °/s
   * @param si print SI values instead of raw counts (only where the sketch has such a form)
   */
  abstract String record(double t, double[] v, boolean si);

  public String print(double t, double[] v, boolean si) {
    if (si ? !this.si : !this.raw) {
      throw new IllegalArgumentException(this + " does not print " + (si ? "SI" : "raw"));
    }
    return record(t, v, si);
  }

  private static String a(double g, boolean si) {
    return si ? f2(g) : Long.toString(Math.round(g * 16384));
  }

  private static String g(double dps, boolean si) {
    return si ? f2(dps) : Long.toString(Math.round(dps * 131));
  }

  private static String ms2(double g) {
    return f2(g * 9.80665);
  }

  private static String rad(double dps) {
    return f2(Math.toRadians(dps));
  }

  static String f2(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }
}
