package dev.invalidator.service.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar manifest, so {@code --version} never disagrees with the build. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = InvalidatorCommand.class.getPackage().getImplementationVersion();
        return new String[] {"invalidator " + (version == null ? "(development build)" : version)};
    }
}
