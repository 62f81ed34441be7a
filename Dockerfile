# The Kms node image. Build: docker build -t kms:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: a started node runs precompiled code instead of spending its first 20 s in the JIT
# (docs/decisions/0101-serial-ready-to-run-image.md). TARGETARCH (amd64, arm64) comes from BuildKit.
ARG TARGETARCH
RUN dotnet publish src/Kms.Node/Kms.Node.csproj -c Release -a "${TARGETARCH:-amd64}" --self-contained false \
      -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# SoftHSM2 or a vendor PKCS#11 library can be added here for HSM mode.
RUN groupadd --gid 10001 kms && useradd --uid 10001 --gid kms --no-create-home --shell /usr/sbin/nologin kms
WORKDIR /app
COPY --from=build /app .
ENV GOKMS_HOST=0.0.0.0 GOKMS_PORT=8011 GOKMS_KSMC_PATH=/data
USER 10001
EXPOSE 8011 4053
ENTRYPOINT ["dotnet", "Kms.Node.dll"]
