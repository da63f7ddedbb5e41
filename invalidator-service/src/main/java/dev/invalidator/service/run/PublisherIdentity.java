package dev.invalidator.service.run;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This instance's publisher id: configured, or else the host name, which differs between machines and pods. */
final class PublisherIdentity {

    private PublisherIdentity() {
    }

    static String of(ServiceConfig config) {
        return config.find(ServiceFields.BROADCAST_PUBLISHER_ID).orElseGet(PublisherIdentity::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new StartupException("cannot tell this host's name to use as the publisher id; set "
                    + ServiceFields.BROADCAST_PUBLISHER_ID.name() + " (" + e.getMessage() + ")", e);
        }
    }
}
