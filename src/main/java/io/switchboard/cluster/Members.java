package io.switchboard.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.function.Consumer;

/** The cluster's members as the clustered parts need them: by node id (a member's UUID, as text). */
final class Members {
    private Members() {
    }

    static String self(HazelcastInstance hz) {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    static boolean alive(HazelcastInstance hz, String node) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code gone} with the id of each member that leaves (every node hears it; the work must be idempotent). */
    static void onLeave(HazelcastInstance hz, Consumer<String> gone) {
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                gone.accept(e.getMember().getUuid().toString());
            }
        });
    }
}
