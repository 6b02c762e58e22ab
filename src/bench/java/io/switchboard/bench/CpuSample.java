package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process and (when a pid is known) of the server, to tell who was the bottleneck. */
record CpuSample(long wallNs, long genNs, long serverTicks) {
    static CpuSample now(long serverPid) {
        long gen = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            gen = os.getProcessCpuTime();
        }
        long ticks = -1;
        if (serverPid > 0) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            } catch (IOException | RuntimeException e) {
                ticks = -1;
            }
        }
        return new CpuSample(System.nanoTime(), gen, ticks);
    }

    double genPct(CpuSample before) {
        long wall = wallNs - before.wallNs;
        return wall <= 0 || genNs < 0 ? -1 : 100.0 * (genNs - before.genNs) / wall;
    }

    double serverPct(CpuSample before) {
        long wall = wallNs - before.wallNs;
        // USER_HZ is 100 on Linux x86-64 and arm64.
        return wall <= 0 || serverTicks < 0 || before.serverTicks < 0 ? -1
                : 100.0 * (serverTicks - before.serverTicks) * 10_000_000L / wall;
    }
}
