//! The region an endpoint names, and signing without a region.

mod common;

use rds_iam_edge::{endpoint_region, sign_token, Credentials, ErrorCode, TokenInput};

/// Endpoint forms from the RDS, Aurora, RDS Proxy and DSQL user guides, in
/// every partition, with the region each names.
const ENDPOINTS: &[(&str, &str)] = &[
    ("mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com", "us-east-1"),
    ("mydb.c9akciq32xyz.rds-fips.us-east-1.amazonaws.com", "us-east-1"),
    ("mycluster.cluster-c9akciq32xyz.eu-west-1.rds.amazonaws.com", "eu-west-1"),
    ("mycluster.cluster-ro-c9akciq32xyz.ap-southeast-2.rds.amazonaws.com", "ap-southeast-2"),
    ("myendpoint.cluster-custom-c9akciq32xyz.il-central-1.rds.amazonaws.com", "il-central-1"),
    ("mylimitless.shardgrp-c9akciq32xyz.us-west-2.rds.amazonaws.com", "us-west-2"),
    ("myproxy.proxy-c9akciq32xyz.us-east-2.rds.amazonaws.com", "us-east-2"),
    ("reader.endpoint.proxy-c9akciq32xyz.us-east-2.rds.amazonaws.com", "us-east-2"),
    ("mydb.c9akciq32xyz.us-gov-west-1.rds.amazonaws.com", "us-gov-west-1"),
    ("mydb.c9akciq32xyz.rds.us-gov-east-1.amazonaws.com", "us-gov-east-1"),
    ("mydb.c9akciq32xyz.rds.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    ("mydb.c9akciq32xyz.cn-northwest-1.rds.amazonaws.com.cn", "cn-northwest-1"),
    ("myproxy.proxy-c9akciq32xyz.rds.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    ("mydb.c9akciq32xyz.us-iso-east-1.rds.c2s.ic.gov", "us-iso-east-1"),
    ("mydb.c9akciq32xyz.rds.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
    ("mydb.c9akciq32xyz.eu-isoe-west-1.rds.cloud.adc-e.uk", "eu-isoe-west-1"),
    ("mydb.c9akciq32xyz.us-isof-south-1.rds.csp.hci.ic.gov", "us-isof-south-1"),
    ("mydb.c9akciq32xyz.eusc-de-east-1.rds.amazonaws.eu", "eusc-de-east-1"),
    ("MyDB.C9AKCIQ32XYZ.us-east-1.rds.amazonaws.com", "us-east-1"),
    ("mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com.", "us-east-1"),
    ("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws", "us-east-1"),
    ("abcdefghijklmnopqrstuvwxyz.dsql.ap-northeast-1.on.aws", "ap-northeast-1"),
];

/// Hosts that name no region: other names, look-alikes, malformed forms.
const NOT_ENDPOINTS: &[&str] = &[
    "",
    "db.example.com",
    "localhost",
    "10.0.0.1",
    "my-redis-cluster",
    "rds.amazonaws.com",
    "us-east-1.rds.amazonaws.com",
    "c9akciq32xyz.us-east-1.rds.amazonaws.com",
    "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com.evil.example",
    "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.co",
    "mydb.c9akciq32xyz.us-east-1.rdsx.amazonaws.com",
    "mydb.c9akciq32xyz.us-east1.rds.amazonaws.com",
    "mydb.c9akciq32xyz.US-EAST-1.rds.amazonaws.com",
    // Matched as AWS prints it: an upper-case suffix or service label names none.
    "mydb.c9akciq32xyz.us-east-1.RDS.AMAZONAWS.COM",
    "abc.DSQL.us-east-1.on.aws",
    "mydb.c9akciq32xyz.rds.rds.amazonaws.com",
    "mydb..us-east-1.rds.amazonaws.com",
    "mydb.c9akciq32xyz.us-east-1.rds.notamazonaws.com",
    "mygdb.global-c9akciq32xyz.global.rds.amazonaws.com",
    "mydb.c9akciq32xyz.us-east-1.elb.amazonaws.com",
    "dsql.us-east-1.on.aws",
    "abc.dsql.us-east-1.on.aws.example",
    "abc.s3.us-east-1.on.aws",
    "abc.dsql.useast1.on.aws",
    "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com:5432",
    "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com/x",
];

#[test]
fn every_endpoint_form_names_its_region() {
    for (host, region) in ENDPOINTS {
        assert_eq!(endpoint_region(host), Some(*region), "{host}");
    }
}

#[test]
fn other_hosts_name_none() {
    for host in NOT_ENDPOINTS {
        assert_eq!(endpoint_region(host), None, "{host:?}");
    }
}

#[test]
fn golden_endpoints_name_the_region_they_were_signed_for() {
    let mut seen = 0;
    for case in common::cases() {
        if let Some(region) = endpoint_region(&case.host) {
            assert_eq!(region, case.region, "{}", case.id);
            seen += 1;
        }
    }
    assert!(seen >= 10, "the golden set has RDS, Aurora and DSQL endpoints ({seen})");
}

#[test]
fn an_absent_region_is_taken_from_the_endpoint_with_the_same_token() {
    let mut seen = 0;
    for case in common::cases() {
        if endpoint_region(&case.host).is_none() {
            continue;
        }
        let input = TokenInput { region: "", ..case.input() };
        let token = sign_token(&input, &case.credentials(), case.epoch_ms).expect(&case.id);
        assert_eq!(token, case.expected_token, "{}", case.id);
        seen += 1;
    }
    assert!(seen >= 10);
}

#[test]
fn a_given_region_is_signed_as_given_even_unlike_the_endpoints() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    let host = "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com";
    let token = sign_token(&TokenInput::rds(host, 5432, "u", "eu-west-1"), &credentials, 0).expect("signs");
    assert!(token.contains("%2Feu-west-1%2Frds-db%2F"), "{token}");
}

#[test]
fn no_region_and_no_endpoint_is_region_unavailable() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    for input in [
        TokenInput::rds("db.example.com", 5432, "u", ""),
        TokenInput::dsql("abc.dsql.internal", ""),
        TokenInput::elasticache("my-cache", "u", ""),
        TokenInput::memorydb("my-cluster", "u", ""),
    ] {
        let error = sign_token(&input, &credentials, 0).expect_err("no region");
        assert_eq!((error.code(), error.field()), (ErrorCode::RegionUnavailable, Some("region")));
    }
}

#[test]
fn region_shapes() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None).expect("credentials");
    for region in [
        "us-east-1",
        "cn-north-1",
        "us-gov-west-1",
        "us-isob-east-1",
        "eu-isoe-west-1",
        "eusc-de-east-1",
        "ap-southeast-7",
    ] {
        sign_token(&TokenInput::rds("db.example.com", 5432, "u", region), &credentials, 0).expect(region);
    }
    for region in ["us-east1", "useast-1", "us-east-", "us-east-1-", "US-EAST-1", "us-east-1a", "us-east-x", "1-2-3"] {
        let error =
            sign_token(&TokenInput::rds("db.example.com", 5432, "u", region), &credentials, 0).expect_err(region);
        assert_eq!((error.code(), error.field()), (ErrorCode::InvalidRegion, Some("region")), "{region}");
    }
}
