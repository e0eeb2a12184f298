// placeholder until the build exists
