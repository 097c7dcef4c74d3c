#!/usr/bin/env python3
"""Seed a local moto.server with a small AWS Organization, to try `sechubrootmfa check` without an AWS account.

Usage: tools/seed-moto.py [ENDPOINT]   (default http://127.0.0.1:5000; needs botocore, which moto installs)

Creates the organization (the caller's account 123456789012 is its management account), three member accounts with
names, and enables Security Hub in us-east-1 for all four. moto's IAM reports root MFA off in every account, so every
check is NOT COMPLIANT (NO_ROOT_MFA). Prints the member ids. Run it once per fresh moto.server.
"""
import sys

import botocore.session

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
REGION = "us-east-1"
MEMBERS = ["payments-prod", "data-lake", "sandbox"]
ROLE = "sechubrootmfa/SecHubRootMfaAudit"  # the member audit role check --org assumes (moto does not check trust)

session = botocore.session.get_session()


def client(service, key="AKIDTRYSECHUBROOTMFA", secret="not-a-secret", token=None):
    return session.create_client(service, region_name=REGION, endpoint_url=ENDPOINT, aws_access_key_id=key,
                                 aws_secret_access_key=secret, aws_session_token=token)


org = client("organizations")
org.create_organization(FeatureSet="ALL")
members = [org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
           for name in MEMBERS]
client("securityhub").enable_security_hub()
sts = client("sts")
for account in members:
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed")["Credentials"]
    client("securityhub", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]).enable_security_hub()
print(" ".join(members))
