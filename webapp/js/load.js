/**
 * load.html: N JSON sockets to the hub, direct or over one /mux. Each socket subscribes to a
 * channel of its own and publishes `{t}` (the page's clock) to it; a delivery's latency is the
 * clock then minus `t`. The figures cover the last second and refresh twice a second.
 */
import * as Direct from './switchboard/direct.js';
import * as Multi from './switchboard/multi.js';
import { rootUrl } from './switchboard/url.js';

const $ = id => document.getElementById(id);
let run = null;

class Run {
  constructor(count, rate, S) {
    this.id = Math.random().toString(36).slice(2, 10);
    this.rate = rate;
    this.sockets = [];
    this.connectTimes = [];
    this.deliveries = [];
    this.ready = 0;
    for (let i = 0; i < count; i++) this.#open(S, i);
    this.ticker = setInterval(() => this.#tick(), 100);
    this.painter = setInterval(() => this.#paint(), 500);
    this.credit = 0;
  }

  #open(S, i) {
    const started = performance.now();
    const ch = `/load/${this.id}/${i}`;
    const ws = new S.JSONWebSocket(rootUrl('ws'));
    const socket = { ws, ch, ready: false };
    this.sockets.push(socket);
    ws.onopen = () => {
      ws.send({ op: 'hello', kind: 'browser' });
      ws.send({ op: 'sub', ch, id: 'sub' });
    };
    ws.onmessage = ({ data }) => {
      if (data.op === 'ok' && data.id === 'sub') {
        socket.ready = true;
        this.ready++;
        this.connectTimes.push(performance.now() - started);
      } else if (data.op === 'msg') {
        this.deliveries.push([performance.now(), performance.now() - data.data.t]);
      }
    };
    ws.onclose = () => {
      if (socket.ready) this.ready--;
      socket.ready = false;
    };
  }

  #tick() {
    this.credit += this.rate / 10;
    const n = Math.floor(this.credit);
    this.credit -= n;
    for (const s of this.sockets) {
      if (!s.ready) continue;
      for (let k = 0; k < n; k++) s.ws.send({ op: 'pub', ch: s.ch, data: { t: performance.now() } });
    }
  }

  #paint() {
    const now = performance.now();
    this.deliveries = this.deliveries.filter(([at]) => now - at <= 1000);
    const latencies = this.deliveries.map(([, l]) => l).sort((a, b) => a - b);
    const times = [...this.connectTimes].sort((a, b) => a - b);
    $('connected').value = `${this.ready} / ${this.sockets.length}`;
    $('connect').value = times.length ? `${ms(pick(times, 0.5))} / ${ms(times.at(-1))}` : '-';
    $('received').value = String(latencies.length);
    $('latency').value = latencies.length
      ? `${ms(pick(latencies, 0.5))} / ${ms(pick(latencies, 0.99))} / ${ms(latencies.at(-1))}` : '-';
  }

  stop() {
    clearInterval(this.ticker);
    this.#paint();
    clearInterval(this.painter);
    for (const s of this.sockets) s.ws.close(1000);
  }
}

const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = x => x.toFixed(1);

$('setup').addEventListener('submit', e => {
  e.preventDefault();
  const count = Number($('count').value);
  const rate = Number($('rate').value);
  const mux = $('transport').value === 'mux';
  run = new Run(count, rate, mux ? Multi : Direct);
  $('start').disabled = true;
  $('stop').disabled = false;
  $('state').textContent = `Running ${count} ${mux ? 'multiplexed' : 'direct'} sockets at ${rate}/s each.`;
});

$('stop').addEventListener('click', () => {
  run?.stop();
  run = null;
  $('start').disabled = false;
  $('stop').disabled = true;
  $('state').textContent = 'Stopped.';
});
