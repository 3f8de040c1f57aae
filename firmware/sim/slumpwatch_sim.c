/*
 * slumpwatch-sim: runs the real firmware ELF in simavr with one or two simulated
 * MPU-6050s on the TWI bus and the AVR's UART bridged to a pseudo-terminal, so the host
 * program reads it exactly as it reads a board on /dev/ttyUSB0.
 *
 *   slumpwatch-sim [options] slumpwatch.ino.elf
 *     -m FILE     motion keyframes (format in the header of sim/motion/slump-60s.txt);
 *                 default: a built-in slow tilt
 *     -t SECONDS  stop after this much simulated time (default: run until killed)
 *     -2          fit the optional second sensor (0x69, lower back)
 *     -u A:B      unplug the upper-back sensor from A to B seconds (it stops answering)
 *     -l PATH     also create a symlink PATH to the pty
 *     -f HZ       CPU clock (default 16000000, a Nano; 8000000 for a Pro Mini 3.3 V)
 *     -w SECONDS  wait at most this long for the host to open the pty before powering
 *                 up (default 60; 0 waits forever)
 *
 * SIM_TRACE_TWI=1 in the environment traces every TWI message and status on stderr.
 *
 * On start it prints "PTY /dev/pts/N" on stdout; at exit a summary on stderr, including
 * the intervals between the firmware's data reads of each sensor, in simulated time
 * (an independent check of the sample schedule, not taken from the firmware's clock).
 *
 * Why not simavr's uart_pty part: its thread drains a 512-byte FIFO that the AVR side
 * overwrites when full, so a simulator running faster than the reader loses bytes. Here
 * the AVR thread writes to the pty master itself with blocking writes: when the reader
 * is slow, simulated time simply waits, and no byte is ever lost. The AVR's sleep
 * callback is replaced too (simavr would otherwise sleep in real time while the
 * firmware idles), so the simulation runs as fast as the host allows.
 *
 * The sensor model answers the MPU-6050 register protocol (register pointer write,
 * auto-incrementing burst read, WHO_AM_I 0x68, PWR_MGMT_1 reset and sleep, full-scale
 * selection in GYRO_CONFIG / ACCEL_CONFIG) with data from the motion at the current
 * simulated time: gravity tilted by pitch and roll, gyro rates as their derivative, a
 * fixed gyro bias and Gaussian noise, clipped to int16 like the real converter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <simavr/avr_twi.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_irq.h>
#include <simavr/sim_time.h>

#define DEG (M_PI / 180.0)

/* ---------- motion ---------- */

typedef struct {
  double t, pitch_deg, roll_deg, shock_g;
} keyframe_t;

static keyframe_t *keys;
static size_t nkeys;

static void load_motion(const char *path) {
  FILE *in = fopen(path, "r");
  char line[256];
  size_t cap = 0;
  if (in == NULL) {
    fprintf(stderr, "slumpwatch-sim: cannot open motion file %s: %s\n", path,
        strerror(errno));
    exit(2);
  }
  while (fgets(line, sizeof line, in)) {
    keyframe_t k = {0, 0, 0, 0};
    char *p = line;
    for (; *p; p++) {
      if (*p == ',') {
        *p = ' ';
      }
    }
    if (line[0] == '#' || sscanf(line, "%lf %lf %lf %lf", &k.t, &k.pitch_deg, &k.roll_deg,
            &k.shock_g) < 3) {
      continue;
    }
    if (nkeys > 0 && k.t <= keys[nkeys - 1].t) {
      fprintf(stderr, "slumpwatch-sim: %s: times must increase (%.3f after %.3f)\n", path,
          k.t, keys[nkeys - 1].t);
      exit(2);
    }
    if (nkeys == cap) {
      cap = cap ? 2 * cap : 64;
      keys = realloc(keys, cap * sizeof *keys);
    }
    keys[nkeys++] = k;
  }
  fclose(in);
  if (nkeys == 0) {
    fprintf(stderr, "slumpwatch-sim: %s: no keyframes\n", path);
    exit(2);
  }
}

/* Angles interpolated linearly between keyframes; the shock is held until the next. */
static void motion(double t, double *pitch, double *roll, double *shock) {
  size_t i;
  if (nkeys == 0) {
    *pitch = 10.0 + 15.0 * (0.5 - 0.5 * cos(2 * M_PI * t / 20.0));
    *roll = 3.0 * sin(2 * M_PI * t / 7.0);
    *shock = 0;
    return;
  }
  if (t <= keys[0].t) {
    *pitch = keys[0].pitch_deg;
    *roll = keys[0].roll_deg;
    *shock = keys[0].shock_g;
    return;
  }
  for (i = 1; i < nkeys && keys[i].t < t; i++) {
  }
  if (i == nkeys) {
    *pitch = keys[nkeys - 1].pitch_deg;
    *roll = keys[nkeys - 1].roll_deg;
    *shock = keys[nkeys - 1].shock_g;
    return;
  }
  {
    const keyframe_t *a = &keys[i - 1];
    const keyframe_t *b = &keys[i];
    double u = (t - a->t) / (b->t - a->t);
    *pitch = a->pitch_deg + u * (b->pitch_deg - a->pitch_deg);
    *roll = a->roll_deg + u * (b->roll_deg - a->roll_deg);
    *shock = a->shock_g;
  }
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static double gauss(void) {
  double u1, u2;
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  u1 = ((rng >> 11) + 1.0) / 9007199254740993.0;
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  u2 = (rng >> 11) / 9007199254740992.0;
  return sqrt(-2.0 * log(u1)) * cos(2 * M_PI * u2);
}

/* ---------- MPU-6050 on the TWI bus ---------- */

enum { MPU_IRQ_TO_AVR = TWI_IRQ_INPUT, MPU_IRQ_FROM_AVR = TWI_IRQ_OUTPUT, MPU_IRQ_COUNT = 2 };

typedef struct {
  avr_irq_t *irq;
  avr_t *avr;
  uint8_t addr7;
  int index;           /* motion scale: 0 upper back, 1 lower back (moves less) */
  uint8_t selected;    /* address byte of the current transaction, 0 if not us */
  int nbytes;          /* bytes written in the current transaction */
  uint8_t ptr;         /* register pointer */
  uint8_t regs[128];
  double unplug_from, unplug_to;
  unsigned long reads; /* burst reads of the data registers (from ACCEL_XOUT_H) */
  double last_read_t;
  double sum_dt, min_dt, max_dt; /* intervals between data reads, simulated seconds */
} mpu_t;

static void mpu_defaults(mpu_t *m) {
  memset(m->regs, 0, sizeof m->regs);
  m->regs[0x6B] = 0x40; /* PWR_MGMT_1: asleep after power-on */
  m->regs[0x75] = 0x68; /* WHO_AM_I is 0x68 whatever AD0 is */
}

static double sim_seconds(avr_t *avr) {
  return (double)avr->cycle / avr->frequency;
}

static void put16(uint8_t *r, double v) {
  long c = lround(v);
  if (c > 32767) {
    c = 32767;
  }
  if (c < -32768) {
    c = -32768;
  }
  r[0] = (uint8_t)((uint16_t)c >> 8);
  r[1] = (uint8_t)c;
}

/* Fills the data registers with the sample at the current simulated time (the real
 * chip also freezes them for the duration of a burst read). */
static void mpu_latch(mpu_t *m) {
  double t = sim_seconds(m->avr);
  double p, r, s, p1, r1, s1, p2, r2, s2;
  double scale = m->index == 0 ? 1.0 : 0.3;
  double h = 0.001;
  double lsb_g = 16384.0 / (1 << ((m->regs[0x1C] >> 3) & 3));
  double lsb_dps = 131.0 / (1 << ((m->regs[0x1B] >> 3) & 3));
  double ax, ay, az, gx, gy, gz;
  if (m->ptr == 0x3B) {
    if (m->reads > 0) {
      double dt = t - m->last_read_t;
      m->sum_dt += dt;
      if (m->reads == 1 || dt < m->min_dt) {
        m->min_dt = dt;
      }
      if (m->reads == 1 || dt > m->max_dt) {
        m->max_dt = dt;
      }
    }
    m->last_read_t = t;
    m->reads++;
  }
  if (m->regs[0x6B] & 0x40) {
    memset(m->regs + 0x3B, 0, 14); /* asleep: no conversions */
    return;
  }
  motion(t, &p, &r, &s);
  motion(t - h, &p1, &r1, &s1);
  motion(t + h, &p2, &r2, &s2);
  p *= scale * DEG;
  r *= scale * DEG;
  ax = -sin(p) + (m->index == 0 ? s : 0.0) + 0.003 * gauss();
  ay = sin(r) * cos(p) + 0.003 * gauss();
  az = cos(r) * cos(p) + 0.003 * gauss();
  gx = scale * (r2 - r1) / (2 * h) + 0.8 + 0.05 * gauss();
  gy = scale * (p2 - p1) / (2 * h) - 0.5 + 0.05 * gauss();
  gz = 0.3 + 0.05 * gauss();
  put16(m->regs + 0x3B, ax * lsb_g);
  put16(m->regs + 0x3D, ay * lsb_g);
  put16(m->regs + 0x3F, az * lsb_g);
  put16(m->regs + 0x41, (25.0 - 36.53) * 340.0); /* 25 degC */
  put16(m->regs + 0x43, gx * lsb_dps);
  put16(m->regs + 0x45, gy * lsb_dps);
  put16(m->regs + 0x47, gz * lsb_dps);
}

static void mpu_write(mpu_t *m, uint8_t reg, uint8_t v) {
  if (reg == 0x6B && (v & 0x80)) {
    mpu_defaults(m);
    return;
  }
  if (reg == 0x75 || (reg >= 0x3B && reg <= 0x60)) {
    return; /* read-only */
  }
  m->regs[reg & 0x7F] = v;
}

static void mpu_hook(struct avr_irq_t *irq, uint32_t value, void *param) {
  mpu_t *m = param;
  avr_twi_msg_irq_t v;
  double t = sim_seconds(m->avr);
  (void)irq;
  v.u.v = value;
  if (getenv("SIM_TRACE_TWI")) {
    fprintf(stderr, "twi %.6f msg %02x addr %02x data %02x\n", t, v.u.twi.msg, v.u.twi.addr,
        v.u.twi.data);
  }
  if (v.u.twi.msg & TWI_COND_STOP) {
    m->selected = 0;
  }
  if (v.u.twi.msg & TWI_COND_START) {
    m->selected = 0;
    m->nbytes = 0;
    if ((v.u.twi.addr >> 1) == m->addr7 && !(t >= m->unplug_from && t < m->unplug_to)) {
      m->selected = v.u.twi.addr;
      avr_raise_irq(m->irq + MPU_IRQ_TO_AVR, avr_twi_irq_msg(TWI_COND_ACK, m->selected, 1));
      if (v.u.twi.addr & 1) {
        mpu_latch(m);
      }
    }
  }
  if (!m->selected) {
    return;
  }
  if (v.u.twi.msg & TWI_COND_WRITE) {
    avr_raise_irq(m->irq + MPU_IRQ_TO_AVR, avr_twi_irq_msg(TWI_COND_ACK, m->selected, 1));
    if (m->nbytes++ == 0) {
      m->ptr = v.u.twi.data & 0x7F;
    } else {
      mpu_write(m, m->ptr, v.u.twi.data);
      m->ptr = (m->ptr + 1) & 0x7F;
    }
  }
  if (v.u.twi.msg & TWI_COND_READ) {
    uint8_t data = m->regs[m->ptr];
    m->ptr = (m->ptr + 1) & 0x7F;
    avr_raise_irq(m->irq + MPU_IRQ_TO_AVR, avr_twi_irq_msg(TWI_COND_READ, m->selected, data));
  }
}

static void twi_status_trace(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  fprintf(stderr, "twi %.6f status %02x\n", sim_seconds(param), value);
}

static const char *mpu_irq_names[MPU_IRQ_COUNT] = {
    [MPU_IRQ_TO_AVR] = "8>mpu6050.out",
    [MPU_IRQ_FROM_AVR] = "32<mpu6050.in",
};

static void mpu_attach(avr_t *avr, mpu_t *m, uint8_t addr7, int index) {
  uint32_t base = AVR_IOCTL_TWI_GETIRQ(0);
  memset(m, 0, sizeof *m);
  m->avr = avr;
  m->addr7 = addr7;
  m->index = index;
  m->unplug_from = m->unplug_to = -1;
  mpu_defaults(m);
  m->irq = avr_alloc_irq(&avr->irq_pool, 0, MPU_IRQ_COUNT, mpu_irq_names);
  avr_irq_register_notify(m->irq + MPU_IRQ_FROM_AVR, mpu_hook, m);
  avr_connect_irq(m->irq + MPU_IRQ_TO_AVR, avr_io_getirq(avr, base, TWI_IRQ_INPUT));
  avr_connect_irq(avr_io_getirq(avr, base, TWI_IRQ_OUTPUT), m->irq + MPU_IRQ_FROM_AVR);
  if (getenv("SIM_TRACE_TWI") && index == 0) {
    avr_irq_register_notify(avr_io_getirq(avr, base, TWI_IRQ_STATUS), twi_status_trace, avr);
  }
}

/* ---------- UART <-> pty ---------- */

static int pty_master = -1;
static uint8_t outbuf[4096];
static size_t outlen;
static unsigned long long bytes_out, bytes_in;
static int uart_xon = 1;
static avr_irq_t *uart_in;

static void flush_out(void) {
  size_t done = 0;
  while (done < outlen) {
    ssize_t w = write(pty_master, outbuf + done, outlen - done); /* blocks: backpressure */
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      fprintf(stderr, "slumpwatch-sim: pty write: %s\n", strerror(errno));
      exit(3);
    }
    done += (size_t)w;
  }
  outlen = 0;
}

static void uart_out_hook(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)param;
  outbuf[outlen++] = (uint8_t)value;
  bytes_out++;
  if (outlen == sizeof outbuf) {
    flush_out();
  }
}

static void xon_hook(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xon = 1;
}

static void xoff_hook(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xon = 0;
}

/* Every simulated millisecond: hand the AVR's output to the pty, feed the host's bytes. */
static avr_cycle_count_t pump(avr_t *avr, avr_cycle_count_t when, void *param) {
  struct pollfd pfd = {pty_master, POLLIN, 0};
  (void)param;
  if (outlen > 0) {
    flush_out();
  }
  while (uart_xon && poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
    uint8_t b;
    if (read(pty_master, &b, 1) != 1) {
      break;
    }
    bytes_in++;
    avr_raise_irq(uart_in, b);
  }
  return when + avr_usec_to_cycles(avr, 1000);
}

static void no_sleep(avr_t *avr, avr_cycle_count_t how_long) {
  (void)avr;
  (void)how_long; /* run as fast as possible instead of in real time */
}

static double wall_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  elf_firmware_t fw;
  avr_t *avr;
  static mpu_t mpu[2];
  const char *elf;
  const char *link_path = NULL;
  double seconds = 0;
  double unplug_from = -1, unplug_to = -1;
  uint32_t freq = 16000000;
  int second = 0;
  double wait_open_s = 60;
  int opt;
  int slave;
  char slavename[256];
  struct termios tio;
  uint32_t flags = 0;
  double wall0;
  int state;

  while ((opt = getopt(argc, argv, "m:t:2u:l:f:w:")) != -1) {
    switch (opt) {
      case 'm': load_motion(optarg); break;
      case 't': seconds = atof(optarg); break;
      case '2': second = 1; break;
      case 'u':
        if (sscanf(optarg, "%lf:%lf", &unplug_from, &unplug_to) != 2) {
          fprintf(stderr, "slumpwatch-sim: -u wants FROM:TO seconds\n");
          return 2;
        }
        break;
      case 'l': link_path = optarg; break;
      case 'f': freq = (uint32_t)atol(optarg); break;
      case 'w': wait_open_s = atof(optarg); break;
      default:
        fprintf(stderr, "usage: %s [-m motion] [-t seconds] [-2] [-u from:to] [-l link] "
            "[-f hz] firmware.elf\n", argv[0]);
        return 2;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "slumpwatch-sim: which firmware ELF?\n");
    return 2;
  }
  elf = argv[optind];
  memset(&fw, 0, sizeof fw);
  if (elf_read_firmware(elf, &fw) != 0) {
    fprintf(stderr, "slumpwatch-sim: cannot read %s\n", elf);
    return 2;
  }
  avr = avr_make_mcu_by_name("atmega328p");
  if (avr == NULL) {
    fprintf(stderr, "slumpwatch-sim: simavr has no atmega328p\n");
    return 2;
  }
  avr_init(avr);
  avr->log = LOG_WARNING;
  fw.frequency = freq;
  fw.vcc = fw.avcc = fw.aref = freq > 8000000 ? 5000 : 3300; /* millivolts */
  avr_load_firmware(avr, &fw);
  avr->frequency = freq;
  avr->sleep = no_sleep;

  mpu_attach(avr, &mpu[0], 0x68, 0);
  mpu[0].unplug_from = unplug_from;
  mpu[0].unplug_to = unplug_to;
  if (second) {
    mpu_attach(avr, &mpu[1], 0x69, 1);
  }

  if (openpty(&pty_master, &slave, slavename, NULL, NULL) < 0) {
    fprintf(stderr, "slumpwatch-sim: cannot create a pty: %s\n", strerror(errno));
    return 2;
  }
  /* raw on the terminal side, or its echo would feed our output back as commands */
  tcgetattr(slave, &tio);
  cfmakeraw(&tio);
  tcsetattr(slave, TCSANOW, &tio);
  close(slave);
  if (link_path != NULL) {
    unlink(link_path);
    if (symlink(slavename, link_path) != 0) {
      fprintf(stderr, "slumpwatch-sim: cannot link %s: %s\n", link_path, strerror(errno));
      return 2;
    }
  }

  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  flags &= ~(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  uart_in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT),
      uart_out_hook, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON),
      xon_hook, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF),
      xoff_hook, NULL);
  avr_cycle_timer_register_usec(avr, 1000, pump, NULL);

  printf("PTY %s\n", slavename);
  fflush(stdout);

  /*
   * Power up when the host opens the port, as an Arduino does (DTR resets it): the host
   * then sees the stream from the boot frame on. While no one has the terminal side
   * open, poll() reports POLLHUP on the master.
   */
  {
    double t0 = wall_seconds();
    for (;;) {
      struct pollfd pfd = {pty_master, 0, 0};
      if (poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP)) {
        break;
      }
      if (wait_open_s > 0 && wall_seconds() - t0 > wait_open_s) {
        fprintf(stderr, "slumpwatch-sim: nobody opened %s in %.0f s; starting anyway\n",
            slavename, wait_open_s);
        break;
      }
      usleep(2000);
    }
  }

  wall0 = wall_seconds();
  do {
    state = avr_run(avr);
  } while (state != cpu_Done && state != cpu_Crashed
      && (seconds <= 0 || sim_seconds(avr) < seconds));
  flush_out();
  {
    double wall = wall_seconds() - wall0;
    double sim = sim_seconds(avr);
    int i;
    fprintf(stderr, "slumpwatch-sim: %s after %.3f s simulated in %.3f s wall (%.1fx real "
        "time); %llu bytes out, %llu in\n",
        state == cpu_Crashed ? "CRASHED" : "stopped", sim, wall, wall > 0 ? sim / wall : 0,
        bytes_out, bytes_in);
    for (i = 0; i < 1 + second; i++) {
      const mpu_t *m = &mpu[i];
      double mean = m->reads > 1 ? m->sum_dt / (m->reads - 1) : 0;
      fprintf(stderr, "slumpwatch-sim: sensor %d data reads %lu interval_us mean %.3f "
          "min %.3f max %.3f\n", i, m->reads, mean * 1e6, m->min_dt * 1e6,
          m->max_dt * 1e6);
    }
  }
  /* keep the pty open until the host has read everything */
  tcdrain(pty_master);
  return state == cpu_Crashed ? 1 : 0;
}
