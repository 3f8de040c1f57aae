// slumpwatch clip-on sensor enclosure: a box for an Arduino Pro Mini 3.3 V (or Nano),
// a GY-521 (MPU-6050) board, a 500 mAh LiPo and a TP4056 charger, with a spring-steel-free
// printed clip on the back that slides over a shirt collar seam, bra band or strap, and a
// flat back that also takes medical tape directly on the skin.
//
// Print: PETG, 0.2 mm layers, 3 perimeters, box and lid flat on the bed, clip side up for
// the box. Render: openscad -o box.stl -D part=\"box\" clip.scad (part: box, lid, both).
//
// The GY-521 must sit FLAT and FIRM on the floor (two M2 screws): if it rattles, the
// accelerometer measures the rattle. Orientation does not matter (calibration learns it).

part = "both";          // "box", "lid" or "both"

// inner space (mm): Pro Mini 33 x 18, GY-521 21 x 16, LiPo 503035 35 x 30 x 5,
// TP4056 26 x 17; stacked: boards on the floor, LiPo above on a foam pad
inner = [52, 36, 16];
wall = 1.8;
floor_t = 2.0;
corner_r = 4;
lid_t = 1.6;
lip = 1.2;              // lid locating lip
clearance = 0.25;

// clip: a tongue along the back, open at the bottom, that grips fabric up to ~3 mm
clip_len = 40;
clip_w = 18;
clip_t = 2.2;
clip_gap = 1.6;         // gap at the hinge; the tongue bends to take thicker fabric
clip_bump = 0.8;        // ridge at the tip that keeps fabric from sliding out

// openings
usb_w = 12; usb_h = 7;     // USB / FTDI header, on one end
switch_w = 9; switch_h = 5; // slide switch beside it
led_d = 2.5;               // light pipe hole over the LED
gy521_holes = [[6, 6], [6 + 15.2, 6]]; // GY-521 mounting holes (3 mm, 15.2 mm apart)

$fn = 48;

module rounded_box(size, r) {
  hull() {
    for (x = [r, size[0] - r], y = [r, size[1] - r])
      translate([x, y, 0]) cylinder(r = r, h = size[2]);
  }
}

module box() {
  outer = [inner[0] + 2 * wall, inner[1] + 2 * wall, inner[2] + floor_t];
  difference() {
    rounded_box(outer, corner_r);
    translate([wall, wall, floor_t]) rounded_box([inner[0], inner[1], inner[2] + 1],
        corner_r - wall);
    // USB / programming opening and switch on the +x end
    translate([outer[0] - wall - 1, wall + 4, floor_t + 2]) cube([wall + 2, usb_w, usb_h]);
    translate([outer[0] - wall - 1, wall + 4 + usb_w + 4, floor_t + 2])
      cube([wall + 2, switch_w, switch_h]);
    // cable exit for the optional lower-back sensor on the -x end
    translate([-1, outer[1] / 2 - 2.5, floor_t + 3]) cube([wall + 2, 5, 4]);
    // GY-521 screw holes (M2, countersunk from below)
    for (h = gy521_holes) translate([wall + h[0], wall + h[1], -1]) {
      cylinder(d = 2.2, h = floor_t + 2);
      cylinder(d1 = 4.2, d2 = 2.2, h = 1.2);
    }
  }
  // GY-521 standoffs, 2 mm, so the board's back components clear the floor
  for (h = gy521_holes) translate([wall + h[0], wall + h[1], floor_t]) difference() {
    cylinder(d = 5, h = 2);
    translate([0, 0, -1]) cylinder(d = 2.2, h = 4);
  }
  clip(outer);
}

module clip(outer) {
  // the hinge block at the top of the back (z = 0 is the back face against the body)
  x0 = (outer[0] - clip_len) / 2;
  y0 = outer[1] - 4;
  translate([x0, (outer[1] - clip_w) / 2, 0]) mirror([0, 0, 1]) {
    // hinge: joins the tongue to the back at the top edge only
    translate([0, 0, 0]) cube([6, clip_w, clip_gap + clip_t]);
    // tongue
    translate([0, 0, clip_gap]) cube([clip_len, clip_w, clip_t]);
    // ridge at the open end
    translate([clip_len - 3, 0, clip_gap - clip_bump]) cube([3, clip_w, clip_bump]);
  }
}

module lid() {
  outer = [inner[0] + 2 * wall, inner[1] + 2 * wall, lid_t];
  difference() {
    union() {
      rounded_box(outer, corner_r);
      translate([wall + clearance, wall + clearance, lid_t])
        difference() {
          rounded_box([inner[0] - 2 * clearance, inner[1] - 2 * clearance, lip * 2],
              corner_r - wall);
          translate([lip, lip, -1]) rounded_box([inner[0] - 2 * clearance - 2 * lip,
              inner[1] - 2 * clearance - 2 * lip, lip * 2 + 2], corner_r - wall - lip);
        }
    }
    // LED window over the Pro Mini's pin-13 LED; place to suit the board's layout
    translate([wall + 10, wall + 9, -1]) cylinder(d = led_d, h = lid_t + 2);
  }
}

if (part == "box" || part == "both") box();
if (part == "lid" || part == "both")
  translate([0, inner[1] + 2 * wall + 8, 0]) lid();
