# The Kms node image. Build: docker build -t kms:latest .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Kms.Node/Kms.Node.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# SoftHSM2 or a vendor PKCS#11 library can be added here for HSM mode.
RUN groupadd --gid 10001 kms && useradd --uid 10001 --gid kms --no-create-home --shell /usr/sbin/nologin kms
WORKDIR /app
COPY --from=build /app .
ENV GOKMS_HOST=0.0.0.0 GOKMS_PORT=8011 GOKMS_KSMC_PATH=/data
USER 10001
EXPOSE 8011 4053
ENTRYPOINT ["dotnet", "Kms.Node.dll"]
