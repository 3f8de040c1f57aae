#!/usr/bin/env bash
# Installs slumpwatch as a system service on a Raspberry Pi (Raspberry Pi OS Bookworm or
# Bullseye, 64- or 32-bit): Java, I2C, the button's pull-up, a dedicated user, the jar, the
# settings and the systemd unit. Run as root from a directory holding slumpwatch.jar (built
# with ./mvnw package; target/slumpwatch.jar) and this folder's files:
#
#   sudo ./install.sh [--button-pin 17] [--motor-pin 18] [--no-start]
#
# Safe to run again: it keeps an existing settings file and the history.
set -euo pipefail

button_pin=17
motor_pin=18
start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --button-pin) button_pin="$2"; shift 2 ;;
    --motor-pin) motor_pin="$2"; shift 2 ;;
    --no-start) start=no; shift ;;
    *) echo "install.sh: unknown option '$1' (--button-pin N, --motor-pin N, --no-start)" >&2
       exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/slumpwatch.jar"
[ -f "$jar" ] || jar="$here/../../target/slumpwatch.jar"
if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (sudo ./install.sh)" >&2
  exit 1
fi
if [ ! -f "$jar" ]; then
  echo "install.sh: no slumpwatch.jar beside install.sh nor in target/: build it with" \
    "'./mvnw package' and copy target/slumpwatch.jar here" >&2
  exit 1
fi

echo "1/6 Java 17 and the I2C tools"
apt-get install -y --no-install-recommends openjdk-17-jre-headless i2c-tools

echo "2/6 I2C on (the kernel's i2c-dev, /dev/i2c-1) and the button's pull-up at boot"
if command -v raspi-config >/dev/null; then
  raspi-config nonint do_i2c 0
fi
config=/boot/firmware/config.txt
[ -f "$config" ] || config=/boot/config.txt
if [ -f "$config" ] && ! grep -q "^gpio=${button_pin}=ip,pu" "$config"; then
  # sysfs GPIO (Pi4J's linuxfs provider) cannot set a pin's bias: the firmware does it
  echo "gpio=${button_pin}=ip,pu" >> "$config"
  echo "   added gpio=${button_pin}=ip,pu to $config (in force after the next reboot)"
fi

echo "3/6 the user 'slumpwatch' (no login; groups i2c, gpio)"
for g in i2c gpio; do
  getent group "$g" >/dev/null || groupadd --system "$g"
done
if ! id slumpwatch >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/slumpwatch --no-create-home \
    --shell /usr/sbin/nologin --groups i2c,gpio slumpwatch
fi

echo "4/6 the program in /opt/slumpwatch"
install -d -m 0755 /opt/slumpwatch
install -m 0644 "$jar" /opt/slumpwatch/slumpwatch.jar
install -m 0644 "$here/README.md" /opt/slumpwatch/README.md

echo "5/6 settings in /var/lib/slumpwatch/settings.properties"
install -d -o slumpwatch -g slumpwatch -m 0750 /var/lib/slumpwatch
if [ ! -f /var/lib/slumpwatch/settings.properties ]; then
  cat > /var/lib/slumpwatch/settings.properties <<SETTINGS
# slumpwatch settings for the Raspberry Pi build (see 'slumpwatch settings')
notify.channels = vibration
notify.vibrationPin = ${motor_pin}
button.pin = ${button_pin}
SETTINGS
  chown slumpwatch:slumpwatch /var/lib/slumpwatch/settings.properties
  chmod 0640 /var/lib/slumpwatch/settings.properties
fi

echo "6/6 the service"
install -m 0644 "$here/slumpwatch.service" /etc/systemd/system/slumpwatch.service
systemctl daemon-reload
if [ "$start" = yes ]; then
  systemctl enable --now slumpwatch.service
  echo "started: 'journalctl -u slumpwatch -f' follows it; the first session begins with"
  echo "the guided calibration, led by the motor (sit tall at the long buzz, bend at the"
  echo "two taps and a long, hold at the two slow taps)."
else
  systemctl enable slumpwatch.service
  echo "enabled; start it with 'systemctl start slumpwatch'"
fi
