/**
 * The player's "videos": animations drawn on a canvas as a pure function of the playback
 * position, so a paused player shows a still frame and a seek shows the frame at that time.
 *
 * Exports:
 * - `ANIMATIONS`: name → `draw(ctx, t, width, height)`, `t` in seconds.
 * - `drawFrame(ctx, src, t, duration)`: one frame of `src` with the timecode over it.
 * - `clockText(seconds)`: `m:ss`.
 */

const TAU = Math.PI * 2;

function bars(ctx, t, w, h) {
  const colours = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
  const bw = w / colours.length;
  colours.forEach((c, i) => {
    ctx.fillStyle = c;
    ctx.fillRect(i * bw, 0, Math.ceil(bw), h * 0.72);
  });
  ctx.fillStyle = '#101010';
  ctx.fillRect(0, h * 0.72, w, h * 0.28);
  // A sweep that crosses the screen every 4 s and a level meter that breathes.
  const x = ((t / 4) % 1) * w;
  ctx.fillStyle = 'rgba(255,255,255,.85)';
  ctx.fillRect(x - 3, 0, 6, h * 0.72);
  const level = 0.5 + 0.45 * Math.sin(t * 2.1) * Math.sin(t * 0.7);
  ctx.fillStyle = '#3ddc84';
  ctx.fillRect(w * 0.05, h * 0.8, w * 0.9 * level, h * 0.06);
}

function orbit(ctx, t, w, h) {
  const g = ctx.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 1.6);
  g.addColorStop(0, '#1b2340');
  g.addColorStop(1, '#05070f');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  const cx = w / 2, cy = h / 2, unit = Math.min(w, h) / 2.4;
  ctx.fillStyle = '#ffcf4a';
  ctx.beginPath();
  ctx.arc(cx, cy, unit * 0.16, 0, TAU);
  ctx.fill();
  const planets = [
    { r: 0.35, size: 0.04, period: 5, colour: '#9fb4c7' },
    { r: 0.58, size: 0.07, period: 11, colour: '#4aa3ff' },
    { r: 0.85, size: 0.06, period: 23, colour: '#ff6b4a' },
  ];
  for (const p of planets) {
    ctx.strokeStyle = 'rgba(255,255,255,.15)';
    ctx.beginPath();
    ctx.arc(cx, cy, unit * p.r, 0, TAU);
    ctx.stroke();
    const a = (t / p.period) * TAU;
    ctx.fillStyle = p.colour;
    ctx.beginPath();
    ctx.arc(cx + Math.cos(a) * unit * p.r, cy + Math.sin(a) * unit * p.r, unit * p.size, 0, TAU);
    ctx.fill();
  }
}

function waves(ctx, t, w, h) {
  ctx.fillStyle = '#062c3a';
  ctx.fillRect(0, 0, w, h);
  const layers = ['#0e6e8c', '#1596b8', '#5ccbe6'];
  layers.forEach((colour, i) => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(0, h);
    for (let x = 0; x <= w; x += 8) {
      const y = h * (0.45 + i * 0.15) + Math.sin(x / (60 + i * 25) + t * (1.2 + i * 0.5)) * h * 0.06;
      ctx.lineTo(x, y);
    }
    ctx.lineTo(w, h);
    ctx.closePath();
    ctx.fill();
  });
}

export const ANIMATIONS = Object.freeze({ bars, orbit, waves });

/** `m:ss` of a number of seconds (whole seconds, rounded down). */
export function clockText(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function drawFrame(ctx, src, t, duration) {
  const { width: w, height: h } = ctx.canvas;
  ctx.save();
  ANIMATIONS[src](ctx, t, w, h);
  ctx.restore();
  const label = `${src}  ${clockText(t)}.${Math.floor((t % 1) * 10)} / ${clockText(duration)}`;
  ctx.font = '600 18px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(0,0,0,.55)';
  ctx.fillRect(12, 12, ctx.measureText(label).width + 20, 34);
  ctx.fillStyle = '#ffffff';
  ctx.fillText(label, 22, 29);
  ctx.fillStyle = 'rgba(255,255,255,.25)';
  ctx.fillRect(0, h - 6, w, 6);
  ctx.fillStyle = '#0b63ce';
  ctx.fillRect(0, h - 6, w * (t / duration), 6);
}
