# tests/ovs/tls-certs.sh: make_test_pki DIR makes, with openssl, a test CA
# and the certificates the TLS tests use (sourced by tls.sh and active.sh):
#   ca.pem / ca.key           the CA
#   ctl.pem / ctl.key         the controller, signed by the CA
#   sw.pem / sw.key           the switches, signed by the CA, for the
#                             names localhost and 127.0.0.1 (subjectAltName)
#   other.pem / other.key     signed by the CA for another switch
#                             (other-switch.example, 192.0.2.7)
#   self.pem / self.key       self-signed, unknown to the CA
#   expired.pem / expired.key signed by the CA, valid only in 2020
make_test_pki() {
    local d=$1
    mkdir -p "$d/ca.db" || return 1
    : >"$d/ca.db/index.txt"
    echo 1000 >"$d/ca.db/serial"
    cat >"$d/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $d/ca.db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $d/ca.pem
private_key = $d/ca.key
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
[ sw_ext ]
subjectAltName = DNS:localhost, IP:127.0.0.1
[ other_ext ]
subjectAltName = DNS:other-switch.example, IP:192.0.2.7
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = ignored
CNF
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" \
        -days 2 -subj "/CN=ofmanager test CA" >/dev/null 2>&1 || return 1
    local name
    for name in ctl sw other expired; do
        openssl req -newkey rsa:2048 -nodes -keyout "$d/$name.key" -out "$d/$name.csr" \
            -subj "/CN=ofmanager test $name" >/dev/null 2>&1 || return 1
    done
    openssl ca -batch -config "$d/ca.cnf" -in "$d/ctl.csr" -out "$d/ctl.pem" \
        -days 2 -notext >/dev/null 2>&1 || return 1
    for name in sw other; do
        openssl ca -batch -config "$d/ca.cnf" -extensions ${name}_ext -in "$d/$name.csr" \
            -out "$d/$name.pem" -days 2 -notext >/dev/null 2>&1 || return 1
    done
    openssl ca -batch -config "$d/ca.cnf" -in "$d/expired.csr" -out "$d/expired.pem" \
        -startdate 20200101000000Z -enddate 20200201000000Z -notext >/dev/null 2>&1 || return 1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/self.key" -out "$d/self.pem" \
        -days 2 -subj "/CN=ofmanager test self-signed" >/dev/null 2>&1 || return 1
}
