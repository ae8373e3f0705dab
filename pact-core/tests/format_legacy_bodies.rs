//! Bodies of non-text content types in V1–V3 pacts: pact-jvm and pact-php store `multipart/*`,
//! images and other binary bodies as base64 strings without V4's `encoded` flag. They are read as
//! the bytes they stand for (as the reference implementation does), matched as such, and written
//! back in the form they had.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use pact_core::format::{read_pact, write_pact};
use pact_core::matching::match_request;
use pact_core::{Body, Interaction, Pact, Request, SpecVersion};
use serde_json::{Value, json};

const FORM: &[u8] = b"--pactBoundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n\
--pactBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
Content-Type: text/plain\r\n\r\nhello file\r\n--pactBoundary--\r\n";

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe,
];

/// A V3 pact as pact-jvm writes an upload: a base64 multipart request, a base64 PNG response and
/// a base64 PDF message.
fn upload_pact(request_body: &str) -> Value {
    json!({
        "consumer": {"name": "UploadWeb"}, "provider": {"name": "UploadService"},
        "interactions": [{
            "description": "an upload of a form with a file",
            "request": {"method": "POST", "path": "/upload",
                "headers": {"Content-Type": "multipart/form-data; boundary=pactBoundary"},
                "body": request_body},
            "response": {"status": 201, "headers": {"Content-Type": "image/png"},
                "body": STANDARD.encode(PNG)}
        }],
        "messages": [{
            "description": "a scanned document", "metaData": {"contentType": "application/pdf"},
            "contents": STANDARD.encode(b"%PDF-1.4 \xe2\xe3")
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

fn read(value: &Value) -> Pact {
    read_pact(&value.to_string()).unwrap()
}

fn http(pact: &Pact) -> &pact_core::HttpInteraction {
    pact.interactions[0].as_http().unwrap()
}

#[test]
fn base64_bodies_of_binary_and_multipart_types_are_read_as_their_bytes() {
    let pact = read(&upload_pact(&STANDARD.encode(FORM)));
    let upload = http(&pact);
    assert_eq!(upload.request.body.as_bytes(), FORM);
    assert_eq!(
        upload.request.content_type().as_deref(),
        Some("multipart/form-data; boundary=pactBoundary")
    );
    assert_eq!(upload.response.body.as_bytes(), PNG);
    let Interaction::AsyncMessage(message) = &pact.interactions[1] else {
        panic!("a message")
    };
    assert_eq!(message.message.contents.as_bytes(), b"%PDF-1.4 \xe2\xe3");
}

#[test]
fn writing_back_keeps_the_base64_form_and_v4_says_how_it_is_encoded() {
    let original = upload_pact(&STANDARD.encode(FORM));
    let pact = read(&original);
    assert_eq!(write_pact(&pact, SpecVersion::V3).unwrap(), original);
    assert_eq!(read(&write_pact(&pact, SpecVersion::V3).unwrap()), pact);

    let v4 = write_pact(&pact, SpecVersion::V4).unwrap();
    let request_body = &v4["interactions"][0]["request"]["body"];
    assert_eq!(request_body["encoded"], false, "{request_body}");
    assert_eq!(request_body["content"].as_str().unwrap().as_bytes(), FORM);
    let response_body = &v4["interactions"][0]["response"]["body"];
    assert_eq!(response_body["encoded"], "base64", "{response_body}");
    assert_eq!(response_body["content"], STANDARD.encode(PNG));
    let reread = read(&v4);
    assert_eq!(http(&reread).request.body.as_bytes(), FORM);
    assert_eq!(http(&reread).response.body.as_bytes(), PNG);
}

#[test]
fn a_multipart_body_written_as_plain_text_stays_plain_text() {
    let text = String::from_utf8(FORM.to_vec()).unwrap();
    let original = upload_pact(&text);
    let pact = read(&original);
    assert_eq!(http(&pact).request.body.as_bytes(), FORM);
    assert_eq!(write_pact(&pact, SpecVersion::V3).unwrap(), original);
}

#[test]
fn text_json_xml_and_form_bodies_that_look_like_base64_are_not_decoded() {
    for content_type in [
        "text/plain",
        "application/xml",
        "application/hal+json",
        "application/x-www-form-urlencoded",
    ] {
        let pact = read(&json!({
            "consumer": {"name": "c"}, "provider": {"name": "p"},
            "interactions": [{"description": "d", "request": {"method": "GET", "path": "/"},
                "response": {"status": 200, "headers": {"Content-Type": content_type}, "body": "aGVsbG8="}}],
            "metadata": {"pactSpecification": {"version": "2.0.0"}}
        }));
        let body = &http(&pact).response.body;
        let expected: &[u8] = if content_type.contains("json") {
            b"\"aGVsbG8=\""
        } else {
            b"aGVsbG8="
        };
        assert_eq!(body.as_bytes(), expected, "{content_type}");
    }
}

#[test]
fn a_real_multipart_request_with_another_boundary_matches_the_decoded_body() {
    let pact = read(&upload_pact(&STANDARD.encode(FORM)));
    let expected = &http(&pact).request;
    let sent = |title: &str| {
        let form = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{title}\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello file\r\n--XyZ--\r\n"
        );
        let mut request = Request::new("POST", "/upload");
        request
            .headers
            .append("Content-Type", "multipart/form-data; boundary=XyZ");
        request.body = Body::bytes(form, Some("multipart/form-data; boundary=XyZ".into()));
        request
    };
    assert_eq!(match_request(expected, &sent("holiday")), vec![]);
    let mismatches = match_request(expected, &sent("work"));
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert!(mismatches[0].to_string().contains("title"), "{mismatches:?}");
}
