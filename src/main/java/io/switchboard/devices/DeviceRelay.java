package io.switchboard.devices;

import java.util.List;

/**
 * Devices and viewers on the other nodes of a cluster. Each node keeps its own devices and
 * viewers; through the relay a device's emits and presence reach its viewers everywhere, an input
 * reaches the device wherever it is connected, and the device list and viewer counts are the
 * cluster's. A single node has none.
 */
public interface DeviceRelay {
    DeviceRelay NONE = new DeviceRelay() {
        @Override
        public void toViewers(String device, String frame) {
        }

        @Override
        public boolean toDevice(String device, String frame) {
            return false;
        }

        @Override
        public void device(String name, DeviceInfo info) {
        }

        @Override
        public void viewers(String device, int here) {
        }

        @Override
        public int remoteViewers(String device) {
            return 0;
        }

        @Override
        public List<DeviceInfo> remoteDevices() {
            return List.of();
        }
    };

    /** An open frame ({@code emit}, {@code presence}) for the viewers of {@code device} on the other nodes. */
    void toViewers(String device, String frame);

    /** An open {@code input} frame for {@code device} on another node; false if no node has it. */
    boolean toDevice(String device, String frame);

    /** This node's device {@code name} changed ({@code info} null: it is gone). */
    void device(String name, DeviceInfo info);

    /** How many of this node's browsers view {@code device}. */
    void viewers(String device, int here);

    int remoteViewers(String device);

    List<DeviceInfo> remoteDevices();
}
